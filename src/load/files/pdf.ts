/** Text of a PDF, page by page, through unpdf (Mozilla's pdf.js, packaged for servers); loaded only when a PDF is read. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import("unpdf");
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text.map((page) => page.trim()).join("\n\n");
  } finally {
    await pdf.destroy();
  }
}
