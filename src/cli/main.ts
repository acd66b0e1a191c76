#!/usr/bin/env node
// The `nova-sim` executable (package.json "bin"). Everything testable lives in cli.ts;
// `serve` runs until a signal, so it is the one asynchronous command.
import { serveCommand } from '../http/serve-command.js';
import { main } from './cli.js';
import { processIo } from './io.js';

const [command, ...rest] = process.argv.slice(2);
if (command === 'serve') {
  serveCommand(rest, process).then((code) => {
    process.exitCode = code;
  });
} else {
  process.exitCode = main(process.argv.slice(2), processIo());
}
