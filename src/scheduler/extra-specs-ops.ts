import { FilterCrash } from './filter-crash.js';
import { pythonFloat } from './python-numbers.js';

/**
 * `nova/scheduler/filters/extra_specs_ops.py`: how ComputeCapabilitiesFilter and
 * AggregateInstanceExtraSpecsFilter compare a host's value with a flavor extra spec.
 * The first word picks the operator; a requirement without one is plain equality.
 */

type Op = (value: string, wanted: string) => boolean;

/** Python's float() of each side; one that does not parse raises ValueError, as in Nova. */
function numeric(compare: (a: number, b: number) => boolean): Op {
  return (value, wanted) => {
    const a = pythonFloat(value);
    const b = pythonFloat(wanted);
    if (a === null || b === null) {
      throw new FilterCrash(
        'ValueError',
        `could not convert string to float: '${a === null ? value : wanted}'`,
      );
    }
    return compare(a, b);
  };
}

/** The operators that call float(), and `<or>` (which pops from an empty list on `<or>` alone). */
const MAY_RAISE: ReadonlySet<string> = new Set(['=', '==', '!=', '>=', '<=', '<or>']);
const RAISING_SPECS = new WeakMap<object, boolean>();

/**
 * Can matching these extra specs raise? Some requirement uses a float() operator or `<or>`.
 *
 * @example
 * extraSpecsMayRaise({ 'capabilities:vcpus_total': '>= 2' }); // true
 */
export function extraSpecsMayRaise(extraSpecs: Readonly<Record<string, string>>): boolean {
  let found = RAISING_SPECS.get(extraSpecs);
  if (found === undefined) {
    found = Object.values(extraSpecs).some((req) =>
      MAY_RAISE.has(req.split(/\s+/).find((w) => w !== '') ?? ''),
    );
    RAISING_SPECS.set(extraSpecs, found);
  }
  return found;
}

const OPS: Readonly<Record<string, Op>> = {
  '=': numeric((a, b) => a >= b),
  '==': numeric((a, b) => a === b),
  '!=': numeric((a, b) => a !== b),
  '>=': numeric((a, b) => a >= b),
  '<=': numeric((a, b) => a <= b),
  '<in>': (value, wanted) => value.includes(wanted),
  's==': (value, wanted) => value === wanted,
  's!=': (value, wanted) => value !== wanted,
  's<': (value, wanted) => value < wanted,
  's<=': (value, wanted) => value <= wanted,
  's>': (value, wanted) => value > wanted,
  's>=': (value, wanted) => value >= wanted,
};

/**
 * `extra_specs_ops.match(value, req)`. Only the first word after an operator counts
 * (`<all-in>` takes them all); `<or>` alternates are single words.
 *
 * @example
 * matchExtraSpec('16', '>= 8'); // true
 * matchExtraSpec('ssd', '<or> hdd <or> ssd'); // true
 */
export function matchExtraSpec(value: string, requirement: string): boolean {
  const words = requirement.split(/\s+/).filter((w) => w !== '');
  const op = words.shift();
  if (op === '<or>') {
    // Every other word is an alternative: `<or> v1 <or> v2`; `<or>` alone pops from [].
    if (words.length === 0) throw new FilterCrash('IndexError', 'pop from empty list');
    for (let i = 0; i < words.length; i += 2) if (words[i] === value) return true;
    return false;
  }
  if (op === '<all-in>') return words.length > 0 && words.every((w) => value.includes(w));
  const method = op === undefined ? undefined : OPS[op];
  if (method === undefined) return value === requirement;
  const wanted = words[0];
  return wanted !== undefined && method(value, wanted);
}
