// The page a PNG of the ladder is taken from, the same for Chromium headless and Electron: the SVG
// alone on white, nothing loadable, and a window clamped to what a browser can capture.
export function svgPage(
  svg: string,
  width: number,
  height: number,
): { html: string; width: number; height: number } {
  return {
    width: Math.max(100, Math.min(8000, Math.ceil(width))),
    height: Math.max(100, Math.min(16000, Math.ceil(height))),
    html: `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><style>html,body{margin:0;padding:0;background:#fff;overflow:hidden}svg{display:block}</style></head><body>${svg}</body></html>`,
  };
}
