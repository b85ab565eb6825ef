import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? tsFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );

/** The headings of a Markdown file, without their `#` marks. */
const headings = (markdown: string): Set<string> =>
  new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, title]) => (title ?? '').trim()));

/**
 * Every `docs/x.md, "Heading"` reference in a comment, which may wrap after the comma or inside
 * the heading (a wrapped comment line goes on after ` * `).
 */
const references = (source: string): Array<{ doc: string; heading: string }> =>
  [...source.matchAll(/(docs\/[\w-]+\.md),\s*(?:\*\s*)?"([^"]+)"/g)].map(([, doc, heading]) => ({
    doc: doc ?? '',
    heading: (heading ?? '').replace(/\s*\n\s*\*\s*/g, ' '),
  }));

describe('references from lib/ to docs/', () => {
  it('should name a heading that exists in the document', () => {
    const files = tsFiles(join(ROOT, 'lib'));
    const found = files.flatMap((file) =>
      references(readFileSync(file, 'utf8')).map((ref) => ({
        file: relative(ROOT, file),
        ...ref,
      })),
    );
    expect(found.length).toBeGreaterThan(0);
    const broken = found.filter(
      ({ doc, heading }) => !headings(readFileSync(join(ROOT, doc), 'utf8')).has(heading),
    );
    expect(broken).toEqual([]);
  });

  it('should leave no section-number reference to a document outside the repository', () => {
    const numbered = tsFiles(join(ROOT, 'lib')).filter((file) =>
      /§\d/.test(readFileSync(file, 'utf8')),
    );
    expect(numbered.map((file) => relative(ROOT, file))).toEqual([]);
  });
});
