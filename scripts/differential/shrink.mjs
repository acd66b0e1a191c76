// --shrink: makes a disagreeing program smaller by running candidates on real Nova, as
// delta debugging does (Zeller's ddmin): split the steps before the disagreement into n
// chunks, try the program without each chunk, keep the first that still disagrees the
// same way, and split finer when none does. Every round's candidates go to Nova in one
// batch (one harness each, about a second to set up), and the rounds are bounded: a
// candidate takes Nova 10 s to a few minutes.

/** The disagreement a candidate must reproduce at its last step: same kind, path and answers. */
const sameAs = (target) => (diff) =>
  diff.kind === target.kind &&
  (diff.path ?? null) === (target.path ?? null) &&
  JSON.stringify(diff.nova) === JSON.stringify(target.nova) &&
  JSON.stringify(diff.sim) === JSON.stringify(target.sim);

const PREDEFINED = new Set(['image', 'project', 'other_project']);

/** Whether every `$var` a step uses is saved by an earlier step: else Nova's time is wasted. */
function wellFormed(steps) {
  const saved = new Set(PREDEFINED);
  return steps.every((step) => {
    const used = JSON.stringify([step.wait, step.path, step.body]).matchAll(/\$([A-Za-z_]\w*)/g);
    const ok = [...used].every(([, name]) => saved.has(name));
    for (const name of Object.keys(step.save ?? {})) saved.add(name);
    return ok;
  });
}

function chunks(list, n) {
  const size = Math.ceil(list.length / n);
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * The smallest program found, within `rounds` Nova batches, whose last step still shows
 * `target` unexplained; `{ program, nova, rounds, tried }`.
 *
 * @example
 * shrinkProgram(program, 42, diff, { nova: runNova, sim: runSim, differs, rounds: 4 });
 */
export function shrinkProgram(program, at, target, { nova, sim, differs, rounds }) {
  const last = program.steps[at];
  let keep = program.steps.slice(0, at);
  let best = { ...program, steps: [...keep, last] };
  let bestNova;
  let n = 2;
  let round = 0;
  let split = 0;
  let tried = 0;
  while (round < rounds && keep.length > 0) {
    split++;
    const parts = chunks(keep, Math.min(n, keep.length));
    const candidates = parts
      .map((part, i) => ({
        name: `${program.name}~${split}.${i}`,
        ...(program.seed === undefined ? {} : { seed: program.seed }),
        steps: [...keep.filter((step) => !part.includes(step)), last],
      }))
      .filter((candidate) => wellFormed(candidate.steps));
    // A split whose every candidate loses a boot its later steps need costs no round.
    if (candidates.length > 0) round++;
    tried += candidates.length;
    const answers = new Map(
      (candidates.length > 0 ? nova(candidates) : []).map((r) => [r.name, r]),
    );
    const found = candidates.find((candidate) => {
      const real = answers.get(candidate.name)?.steps;
      if (!real) return false;
      const end = candidate.steps.length - 1;
      return differs(candidate, end, real[end], sim(candidate)[end]).some(sameAs(target));
    });
    if (found) {
      keep = found.steps.slice(0, -1);
      best = found;
      bestNova = answers.get(found.name).steps;
      n = Math.max(n - 1, 2);
    } else if (n >= keep.length) {
      break;
    } else {
      n = Math.min(n * 2, keep.length);
    }
  }
  return { program: best, nova: bestNova, rounds: round, tried };
}
