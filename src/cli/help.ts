/** The usage text of each command, as `--help` prints it. */
export const HELP = {
  main: `nova-sim: a deterministic, in-memory simulator of OpenStack Nova

Usage:
  nova-sim replay FILE|DIR... [--seed N] [--trace out.jsonl] [--report out.html] [--quiet] [--json]
  nova-sim diagram [--format mermaid|dot] [--full] [--around STATUS] [--action EVENT]
  nova-sim schema
  nova-sim serve [--port 8774] [--speed N] [--clock realtime|manual] [--config FILE]
  nova-sim help [COMMAND]
  nova-sim --version

Commands:
  replay    run scenario files and print their timeline; exit 1 on a failed expectation
  diagram   print the server state machine, generated from its xstate definition
  schema    print the JSON Schema of scenario files (scenarios/schema.json)
  serve     serve Nova, Keystone v3 and read-only Glance/Neutron over HTTP

Run 'nova-sim COMMAND --help' for a command's options.
Exit codes: 0 success, 1 an expectation failed, 2 bad usage or an invalid scenario.
`,
  replay: `Usage: nova-sim replay FILE|DIR... [options]

Replays scenario files (JSON; see scenarios/schema.json) each against a fresh simulated
cloud, and prints a timeline: virtual time, each request with its code, server status
transitions. A directory stands for the *.json files under it (schema.json aside).
Every file is checked before any runs; a file stops at its first failed expectation.

Options:
  --seed N           use this seed instead of each scenario's own
  --trace FILE       write every event as JSON lines (same file and seed: same bytes)
  --report FILE      write a self-contained HTML report (timelines, host use, requests)
  -q, --quiet        print only failures and one line per file
  --json             print a JSON summary on stdout instead of the timeline
  -h, --help         show this help

Exit codes: 0 all passed, 1 an expectation failed, 2 bad usage or an invalid scenario.
`,
  diagram: `Usage: nova-sim diagram [--format mermaid|dot] [--full] [--around STATUS] [--action EVENT]

Prints the server state machine, read from the xstate definition the simulator runs:
one state per (vm_state, task_state) pair, labelled and coloured by the API status
Nova shows for it. Events that every state takes (DELETE, RESET_ACTIVE...) are
summarised in a note; --full draws every transition instead.

Options:
  --format mermaid|dot   Mermaid stateDiagram-v2 (default) or Graphviz DOT
  --full                 draw every transition, without summarising
  --around STATUS        only the states of one status (VERIFY_RESIZE...) and one
                         step either side
  --action EVENT         only what one event does (REBOOT_HARD, RESIZE, DELETE...):
                         the states that take it and the steps until the server rests
  -h, --help             show this help
`,
  schema: `Usage: nova-sim schema

Prints the JSON Schema (draft-07) of scenario files, as published in
scenarios/schema.json. Point "$schema" at it for completion and validation in editors.
`,
} as const;

export type HelpTopic = keyof typeof HELP;

export function isHelpTopic(name: string): name is HelpTopic {
  return Object.hasOwn(HELP, name);
}
