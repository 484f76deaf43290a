import fs from 'node:fs';
import path from 'node:path';

/**
 * The files under `dir` for `botwatch import <dir>`: every regular file, in subfolders too (Bot
 * Framework's file transcript logger writes `<channel>/<conversation>.transcript`), in name order
 * so runs are repeatable; dot-files and dot-folders are left out.
 */
export function listImportFiles(dir: string): string[] {
  const files: string[] = [];
  const visit = (folder: string) => {
    const entries = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  visit(dir);
  return files;
}
