/**
 * A parsed iptables command line: what to do, to which table and chain, with the rule(s) it
 * carries and the positions of its words (for errors `applyCommand` reports, such as a chain
 * that does not exist).
 */
import type { Pos } from './errors';
import type { Policy, Rule, TableName } from './model';

export type CommandOp =
  | 'append' // -A
  | 'insert' // -I
  | 'delete' // -D
  | 'replace' // -R
  | 'check' // -C
  | 'policy' // -P
  | 'new-chain' // -N
  | 'delete-chain' // -X
  | 'rename-chain' // -E
  | 'flush' // -F
  | 'zero' // -Z
  | 'list' // -L
  | 'list-rules' // -S
  | 'version'; // -V

export interface ListFlags {
  verbose: boolean;
  numeric: boolean;
  exact: boolean;
  lineNumbers: boolean;
  /** -Z given with -L or -S: zero the counters after listing them. */
  zero: boolean;
}

export interface IptCommand {
  op: CommandOp;
  table: TableName;
  /** Chain argument ('' when the command takes none or it was left out, e.g. -L). */
  chain: string;
  /** Rule number (1-based) for -I/-R/-D NUM/-L/-S/-Z; 0 when none. */
  num: number;
  /** -P's policy word as typed, -E's new name. */
  arg: string;
  /** The rules of -A/-I/-R/-D RULE (several when -s/-d list several addresses); counters from -c. */
  rules: Rule[];
  flags: ListFlags;
  /** The source line (1-based) and the text as typed, for the console's echo. */
  line: number;
  source: string;
  at: {
    command: Pos;
    chain: Pos;
    num: Pos;
    arg: Pos;
    /** The -j/-g word, or the command word when there is none. */
    target: Pos;
  };
}

/** The policy names -P accepts (others are left for `applyCommand` to refuse as the kernel does). */
export function isPolicy(word: string): word is Policy {
  return word === 'ACCEPT' || word === 'DROP';
}
