import QRCode from 'qrcode';

/**
 * QR codes of ad links for print (BEYOND-9): error correction M (survives a smudge or a fold),
 * a 4-module quiet zone as the standard asks, PNG at 1024 px (sharp at 8 cm on a 300 dpi print),
 * SVG for any size.
 */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

export async function qrPng(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await QRCode.toBuffer(text, { ...OPTIONS, type: 'png', width: 1024 }));
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: 'svg' });
}
