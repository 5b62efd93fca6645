import { existsSync } from 'node:fs';

/**
 * The font that prints Chinese in a quote's PDF. pdfkit's built-in fonts (Helvetica) have no CJK glyphs, so a
 * Chinese quote needs a font file on the machine. Looked for in this order: `GUANXI_PDF_FONT` (a .ttf, .otf or .ttc;
 * a .ttc may name its face as `path.ttc#PostScriptName`), Debian's fonts-noto-cjk, fonts-wqy-microhei,
 * fonts-wqy-zenhei.
 */
export interface CjkFont {
  path: string;
  /** The face inside a font collection (.ttc), by PostScript name; by language where the collection has both. */
  face: { simplified: string | undefined; traditional: string | undefined };
  /** The same family's bold, for headings, where the machine has it. */
  bold?: { path: string; face: { simplified: string | undefined; traditional: string | undefined } };
}

export const FONT_HELP =
  'install a Chinese font (Debian/Ubuntu: apt-get install fonts-noto-cjk, or fonts-wqy-microhei) or set ' +
  'GUANXI_PDF_FONT to a .ttf, .otf or .ttc file with Chinese glyphs';

const systemFonts: readonly CjkFont[] = [
  {
    path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    face: { simplified: 'NotoSansCJKsc-Regular', traditional: 'NotoSansCJKtc-Regular' },
    bold: {
      path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
      face: { simplified: 'NotoSansCJKsc-Bold', traditional: 'NotoSansCJKtc-Bold' },
    },
  },
  {
    path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    face: { simplified: 'WenQuanYiMicroHei', traditional: 'WenQuanYiMicroHei' },
  },
  {
    path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    face: { simplified: 'WenQuanYiZenHei', traditional: 'WenQuanYiZenHei' },
  },
];

/** Faces tried in a .ttc given by `GUANXI_PDF_FONT` without `#face`. */
const knownFaces = [
  'NotoSansCJKsc-Regular',
  'WenQuanYiMicroHei',
  'WenQuanYiZenHei',
  'NotoSerifCJKsc-Regular',
];

/** The first CJK font that exists, or null. */
export function findCjkFont(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly CjkFont[] = systemFonts,
): CjkFont | null {
  const configured = env.GUANXI_PDF_FONT?.trim();
  if (configured) {
    const [path, face] = configured.split('#') as [string, string | undefined];
    if (existsSync(path)) {
      const isCollection = path.toLowerCase().endsWith('.ttc');
      const chosen = face ?? (isCollection ? knownFaces[0] : undefined);
      return { path, face: { simplified: chosen, traditional: chosen } };
    }
  }
  const found = candidates.find((font) => existsSync(font.path));
  if (!found) return null;
  const { bold, ...regular } = found;
  return bold && existsSync(bold.path) ? { ...regular, bold } : regular;
}

/** Whether text has Chinese (or other CJK) characters that Helvetica cannot draw. */
export const hasCjk = (text: string): boolean =>
  /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/.test(text);

export { knownFaces };
