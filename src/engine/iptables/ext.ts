/**
 * The shape of an iptables extension (libxtables' `struct xtables_match`/`xtables_target`):
 * its long options, how each option's argument is parsed into the model, the final check,
 * and the two printers (`save` for -S/iptables-save, `print` for -L). One file per extension.
 */
import type { IptErrorCode } from './errors';

export interface OptSpec {
  /** Long option name without the dashes, e.g. "dport". */
  name: string;
  /** The option the parser hands to `parse`; aliases ("destination-port") share it. */
  id: string;
  /** Number of arguments (--tcp-flags takes 2). */
  args: 0 | 1 | 2;
  /** Whether `! --opt` is allowed. */
  invertible: boolean;
}

/** What an extension's parser says about the rule being built. */
export interface ParseCtx {
  /** -p so far (0 = all) and whether it is inverted. */
  proto: number;
  invProto: boolean;
}

export interface ExtError {
  code: IptErrorCode;
  message: string;
  /** Which word the error points at: the option itself or its (first) argument. */
  at: 'option' | 'arg';
  /** Characters into the argument where the bad part starts (for the column). */
  offset?: number;
  hint?: string;
}

export function extError(code: IptErrorCode, message: string, at: 'option' | 'arg' = 'arg', hint?: string): ExtError {
  return hint === undefined ? { code, message, at } : { code, message, at, hint };
}

/** x6 option framework's "can only be used once" message. */
export function onceError(ext: string, longName: string): ExtError {
  return extError('conflict', `${ext}: option "--${longName}" can only be used once.`, 'option');
}

export interface Extension<M> {
  name: string;
  options: OptSpec[];
  init(): M;
  /** Parses one option; `seen` holds the ids already given to this instance. */
  parse(m: M, id: string, args: string[], inv: boolean, ctx: ParseCtx, seen: Set<string>): ExtError | null;
  /** Called when the rule is complete (mandatory options, proto requirements). */
  final(m: M, seen: Set<string>, ctx: ParseCtx): ExtError | null;
  /** " --dport 80" as -S prints it (leading space; "" when nothing). */
  save(m: M): string;
  /** " tcp dpt:80" as -L prints it; `proto` is the rule's -p (for service names). */
  print(m: M, numeric: boolean, proto: number): string;
}
