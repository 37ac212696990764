/** `-j LOG` (libxt_LOG, nf_log_syslog.c): --log-prefix, --log-level and the XT_LOG_* flags. */
import type { Extension } from './ext';
import { extError, onceError } from './ext';
import { LOG_FLAGS, LOG_LEVEL_INPUT, LOG_LEVEL_PRINT } from './names';
import { saveString } from './saveString';

export interface LogTarget {
  kind: 'LOG';
  prefix: string;
  level: number;
  flags: number;
}

export const logExt: Extension<LogTarget> = {
  name: 'LOG',
  options: [
    { name: 'log-level', id: 'log-level', args: 1, invertible: false },
    { name: 'log-prefix', id: 'log-prefix', args: 1, invertible: false },
    ...LOG_FLAGS.map(([, opt]) => ({ name: opt.slice(2), id: opt.slice(2), args: 0 as const, invertible: false })),
  ],
  init: () => ({ kind: 'LOG', prefix: '', level: 4, flags: 0 }),
  parse(t, id, args, _inv, _ctx, seen) {
    if (seen.has(id)) return onceError('LOG', id);
    if (id === 'log-level') {
      const a = args[0];
      const level = /^[0-7]$/.test(a) ? Number(a) : LOG_LEVEL_INPUT.get(a);
      if (level === undefined) {
        return extError('bad-value', `log level "${a}" unknown`, 'arg', 'expected 0-7 or emerg, alert, crit, error, warning, notice, info, debug');
      }
      t.level = level;
    } else if (id === 'log-prefix') {
      t.prefix = args[0].slice(0, 29); // the kernel keeps 29 characters
    } else {
      const f = LOG_FLAGS.find(([, opt]) => opt === '--' + id);
      if (f) t.flags |= f[0];
    }
    return null;
  },
  final: () => null,
  save(t) {
    let s = '';
    if (t.prefix) s += ' --log-prefix' + saveString(t.prefix);
    if (t.level !== 4) s += ` --log-level ${t.level}`;
    for (const [bit, opt] of LOG_FLAGS) if (t.flags & bit) s += ' ' + opt;
    return s;
  },
  print(t, numeric) {
    let s = ' LOG';
    if (numeric) s += ` flags ${t.flags} level ${t.level}`;
    else {
      s += ` level ${LOG_LEVEL_PRINT[t.level]}`;
      for (const [bit, , name] of LOG_FLAGS) if (t.flags & bit) s += ' ' + name;
    }
    if (t.prefix) s += ` prefix "${t.prefix}"`;
    return s;
  },
};

