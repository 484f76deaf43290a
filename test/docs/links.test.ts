import fs from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const pages = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The text a reader sees as Markdown: no fenced code, inline code or HTML comments. */
function prose(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/`[^`\n]*`/g, '');
}

/** Heading anchors as GitHub makes them (duplicates get -1, -2…); inline code keeps its words, link syntax its text. */
function anchors(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const withoutCode = markdown.replace(/<!--[\s\S]*?-->/g, '').replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const headings = [...withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => (m[1] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
  return new Set(headings.map((h) => slugger.slug(h)));
}

function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? '');
}

describe('links in README.md and docs/', () => {
  it('finds the pages and their links', () => {
    expect(pages).toContain('docs/events.md');
    expect(links(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).length).toBeGreaterThan(10);
  });

  it('every relative link and anchor resolves', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = fs.readFileSync(path.join(root, page), 'utf8');
      for (const link of links(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:: outside the repository
        const [target = '', anchor] = link.split('#');
        const file = target === '' ? path.join(root, page) : path.resolve(path.dirname(path.join(root, page)), decodeURIComponent(target));
        if (!file.startsWith(root + path.sep)) broken.push(`${page}: ${link} (outside the repository)`);
        else if (!fs.existsSync(file)) broken.push(`${page}: ${link} (no such file)`);
        else if (anchor !== undefined && !(file.endsWith('.md') && anchors(fs.readFileSync(file, 'utf8')).has(anchor))) broken.push(`${page}: ${link} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('no page points outside the repository or at tracker numbers', () => {
    const outside = pages.filter((page) => /\.\.\/shared|METRICS\.md|DESIGN\.md|STYLE\.md|\b[Ii]ssue [0-9]/.test(fs.readFileSync(path.join(root, page), 'utf8')));
    expect(outside).toEqual([]);
  });
});
