/** Splits a byte stream into lines (CRLF or LF), keeping an unfinished line for later. */
export class LineBuffer {
  private buf = '';

  push(data: string): string[] {
    this.buf += data;
    const lines: string[] = [];
    for (let i = this.buf.indexOf('\n'); i >= 0; i = this.buf.indexOf('\n')) {
      lines.push(this.buf.slice(0, i).replace(/\r$/, ''));
      this.buf = this.buf.slice(i + 1);
    }
    return lines;
  }
}
