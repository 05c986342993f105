/** Hands a file built in the page to the browser's downloads, under the name storage chose. */
export function downloadFile(data: string | Uint8Array, mimeType: string, fileName: string): void {
  const blob = new Blob([data as BlobPart], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started reading the blob by the next turn; revoke later so it is not cut short.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
