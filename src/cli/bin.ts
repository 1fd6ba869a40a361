#!/usr/bin/env node
import { CommanderError } from 'commander';
import { CliError } from '../errors.js';
import { ConfigError } from '../../config/load.js';
import { buildProgram } from './program.js';

/** Runs the CLI; every expected failure becomes one message on stderr and a non-zero exit, no stack. */
async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return err instanceof CliError ? err.exitCode : 2;
    }
    process.stderr.write(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
