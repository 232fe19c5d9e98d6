/**
 * Saves text as a file in the browser. CSV gets a UTF-8 byte-order mark so spreadsheet programs read
 * non-Latin text (e.g. Chinese names) correctly; the importer strips it again.
 */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8") {
  const body = type.startsWith("text/csv") && !text.startsWith("\uFEFF") ? `\uFEFF${text}` : text;
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
