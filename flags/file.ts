import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { setFlag, type EditResult, type FlagSetting } from './edit.js';

/**
 * Applies a setting to one flag of a definitions file. The new text is validated first and
 * written atomically (a temporary file renamed over the old one), so a refused edit, a crash or a
 * concurrent reader (the flagd provider polling the file) never sees a half-written file.
 */
export async function editFlagsFile(path: string, key: string, setting: FlagSetting): Promise<EditResult> {
  const result = setFlag(await readFile(path, 'utf8'), key, setting);
  if (result.ok) await writeFileAtomic(path, result.text);
  return result;
}
