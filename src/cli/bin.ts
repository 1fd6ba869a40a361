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
    // Database errors quote the whole statement (with personal data): print a bounded message.
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    process.stderr.write(`unexpected error: ${text.length > 500 ? `${text.slice(0, 500)}…` : text}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
