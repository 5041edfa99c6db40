/**
 * The browsable API reference: Scalar's standalone bundle, served from our own assets (copied
 * into web/dist/vendor at build time), so the page works without reaching any CDN.
 */
export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>firegrid API 文档</title></head>
<body>
<script id="api-reference" data-url="${specUrl}" data-configuration='{"withDefaultFonts":false}'></script>
<script src="/vendor/scalar-api-reference.js"></script>
<noscript>OpenAPI: <a href="${specUrl}">${specUrl}</a></noscript>
</body>
</html>`;
}
