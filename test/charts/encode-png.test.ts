import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/charts/encode-png.ts';
import { decodePng } from '../helpers/decode-png.ts';

describe('encodePng', () => {
  it('writes RGBA pixels that decode back unchanged, with valid chunk checksums', async () => {
    const width = 3;
    const height = 2;
    const rgba = Buffer.from(Array.from({ length: width * height * 4 }, (_v, i) => (i * 37) % 256));
    const png = await encodePng(rgba, width, height);
    const image = decodePng(png);
    expect({ width: image.width, height: image.height }).toEqual({ width, height });
    expect(Buffer.from(image.pixels).equals(rgba)).toBe(true);

    const types: string[] = [];
    for (let offset = 8; offset < png.length; ) {
      const length = png.readUInt32BE(offset);
      types.push(png.toString('latin1', offset + 4, offset + 8));
      expect(png.readUInt32BE(offset + 8 + length)).toBe(zlib.crc32(png.subarray(offset + 4, offset + 8 + length)));
      offset += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('gives each of many encodes at once, and the ones after, their own pixels (row buffers are reused)', async () => {
    const width = 40;
    const height = 30;
    const images = Array.from({ length: 6 }, (_v, k) => Buffer.from(Array.from({ length: width * height * 4 }, (_w, i) => (i * (k + 3) + k) % 256)));
    const atOnce = await Promise.all(images.map((rgba) => encodePng(rgba, width, height)));
    const oneByOne: Buffer[] = [];
    for (const rgba of images) oneByOne.push(await encodePng(rgba, width, height));
    for (const png of [...atOnce, ...oneByOne]) expect(decodePng(png).width).toBe(width);
    expect(atOnce.map((png) => Buffer.from(decodePng(png).pixels))).toEqual(images);
    expect(oneByOne.map((png) => Buffer.from(decodePng(png).pixels))).toEqual(images);
  });
});
