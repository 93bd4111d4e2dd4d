/**
 * The committed diagrams as a browser draws them (Debian's Chromium, real font metrics): no text
 * of a state or of a transition label overlaps the text of another.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DIAGRAMS = path.join(__dirname, '..', '..', 'docs', 'diagrams');

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y chromium (browser tests never skip)`
    );
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run']
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('docs/diagrams in Chromium', () => {
  it('should draw every diagram with no two labels overlapping', async () => {
    const page = await browser.newPage();
    const files = readdirSync(DIAGRAMS).filter((f) => f.endsWith('.svg'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    const found: string[] = [];
    for (const file of files) {
      await page.setContent(readFileSync(path.join(DIAGRAMS, file), 'utf8'));
      const overlaps = await page.evaluate(() => {
        const texts = [
          ...document.querySelectorAll('svg g.node text, svg g.edge text, svg g.cluster text')
        ];
        const boxes = texts.map((t) => ({
          group: t.closest('g.node, g.edge, g.cluster')!.id,
          text: t.textContent ?? '',
          b: t.getBoundingClientRect()
        }));
        const out: string[] = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i];
            const c = boxes[j];
            if (a.group === c.group) continue;
            if (
              a.b.left < c.b.right - 1 &&
              c.b.left < a.b.right - 1 &&
              a.b.top < c.b.bottom - 1 &&
              c.b.top < a.b.bottom - 1
            ) {
              out.push(`"${a.text}" (${a.group}) × "${c.text}" (${c.group})`);
            }
          }
        }
        return out;
      });
      found.push(...overlaps.map((o) => `${file}: ${o}`));
    }
    expect(found).toEqual([]);
    await page.close();
  });
});
