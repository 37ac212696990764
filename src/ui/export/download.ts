/** Hands bytes to the browser as a download named `name`. */
export function download(name: string, mime: string, data: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the download has its own copy once click() returns; a moment later the URL can go
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
