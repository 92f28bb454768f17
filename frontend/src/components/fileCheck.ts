import type { FileRules } from '../api/types';
import { formatBytes } from '../lib/format';

export interface FileCheck {
  /** Why a chosen file cannot be sent, by its name; absent when it can. */
  byName: Map<string, string>;
  /** What is wrong with the files together (too many, too large). */
  overall: string[];
}

/**
 * The API's rules for one submission applied before upload, so that a student learns at once that
 * `héllo.c` or `hello (1).c` will be refused, or that the files are too large, instead of after
 * sending them. The API checks again; this only spares a round trip and a confusing message.
 */
export function checkFiles(files: { name: string; size: number }[], rules: FileRules | undefined): FileCheck {
  const byName = new Map<string, string>();
  const overall: string[] = [];
  if (!rules) return { byName, overall };
  const segment = new RegExp(`^(?:${rules.pathSegmentPattern})$`);
  for (const file of files) {
    if (file.name.startsWith('.')) byName.set(file.name, 'a name may not start with a dot');
    else if (!segment.test(file.name)) byName.set(file.name, 'use only letters, digits, and _ - + . in a name (no spaces or accents)');
  }
  if (files.length > rules.maxFiles) overall.push(`These are ${files.length} files; a submission may have at most ${rules.maxFiles}.`);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > rules.maxBytes) overall.push(`These files are ${formatBytes(total)} in all; a submission may have at most ${formatBytes(rules.maxBytes)}.`);
  return { byName, overall };
}

/** The rules in one sentence, shown before any file is chosen. */
export function describeRules(rules: FileRules): string {
  return `Up to ${rules.maxFiles} files, ${formatBytes(rules.maxBytes)} in all. Names use letters, digits, and _ - + . only, and do not start with a dot.`;
}
