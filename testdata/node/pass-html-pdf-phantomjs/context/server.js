// Renders receipts to PDF.
const pdf = require("html-pdf");

pdf.create("<h1>Receipt</h1>").toFile("/tmp/receipt.pdf", () => {});
