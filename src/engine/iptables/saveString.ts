/** libxtables' xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with \ before " \ '. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return ' ' + value;
  return ' "' + value.replace(/["\\']/g, (c) => '\\' + c) + '"';
}
