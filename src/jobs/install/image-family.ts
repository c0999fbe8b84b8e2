// Which IOS-XE image family a platform installs, stricter than the copy job's image match: a Catalyst
// 9200 needs `cat9k_lite_iosxe`, not `cat9k_iosxe` (both are "Catalyst 9000" by name), a 3650/3850 on
// 16.x `cat3k_caa`, an ISR 4331 `isr4300` (names from the real captures in shared/fixtures/iosxe).
import type { CheckResult } from '../preflight/check';

interface Family {
  prefix: string;
  family: string;
  models: RegExp;
}

/** Longest prefix first: `cat9k_lite_iosxe` before `cat9k_iosxe`. */
const families: Family[] = [
  { prefix: 'cat9k_lite_iosxe', family: 'Catalyst 9200 (cat9k_lite)', models: /^C9200/i },
  { prefix: 'cat9k_iosxe', family: 'Catalyst 9300/9400/9500/9600 (cat9k)', models: /^C9(3|4|5|6)\d\d/i },
  { prefix: 'cat3k_caa-universalk9', family: 'Catalyst 3650/3850 (cat3k_caa)', models: /^WS-C3(650|850)/i },
  { prefix: 'isr4300-universalk9', family: 'ISR 4300 (isr4300)', models: /^ISR43\d\d/i },
  { prefix: 'isr4400-universalk9', family: 'ISR 4400 (isr4400)', models: /^ISR44\d\d/i },
  { prefix: 'isr4400v2-universalk9', family: 'ISR 4461 (isr4400v2)', models: /^ISR446\d/i },
  { prefix: 'isr4200-universalk9', family: 'ISR 4200 (isr4200)', models: /^ISR42\d\d/i },
  { prefix: 'c1100-universalk9', family: 'ISR 1100 (c1100)', models: /^C11\d\d/i },
  { prefix: 'c8000be-universalk9', family: 'Catalyst 8200/8300 (c8000be)', models: /^C8[23]\d\d/i },
  { prefix: 'c8000v-universalk9', family: 'Catalyst 8000V (c8000v)', models: /^C8000V/i },
  { prefix: 'asr1000rpx86-universalk9', family: 'ASR 1000 x86 (asr1000rpx86)', models: /^ASR1\d\d\d/i },
  { prefix: 'asr1000-universalk9', family: 'ASR 1000 (asr1000)', models: /^ASR1\d\d\d/i },
  { prefix: 'csr1000v-universalk9', family: 'CSR 1000v (csr1000v)', models: /^CSR1000V/i },
].sort((a, b) => b.prefix.length - a.prefix.length);

/** The family an image name belongs to, by its prefix. */
export function imageFamily(name: string): Family | undefined {
  const base = name.split('/').pop() ?? name;
  return families.find((f) => base.toLowerCase().startsWith(`${f.prefix}.`) || base.toLowerCase().startsWith(`${f.prefix}-`));
}

/** The release in an IOS-XE image name: `cat9k_iosxe.17.09.05.SPA.bin` → `17.09.05`. */
export function imageRelease(name: string): string | undefined {
  return /\.(\d{2}\.\d{2}\.\d{2}[a-z]?)\.S[PS]A\.bin$/i.exec(name)?.[1];
}

/** The image family against every member's model: an image of another family fails `install add` (and cannot boot). */
export function checkImageFamily(hostname: string, imageName: string, models: { member: string; model?: string }[]): CheckResult {
  const id = 'install-image-family';
  const title = 'Image family matches the platform';
  const family = imageFamily(imageName);
  const facts = models.map((m) => `${m.member}: ${m.model ?? 'model unknown'}`);
  if (!family) {
    return { id, title, status: 'blocking', summary: `${imageName} is not an IOS-XE install-mode image this job knows (cat9k, cat9k_lite, cat3k_caa, isr4300, …).`, facts, remedy: 'Pick the universal .SPA.bin image for the platform from Cisco\u2019s download page.' };
  }
  facts.push(`image family: ${family.family}`);
  const wrong = models.filter((m) => m.model !== undefined && !family.models.test(m.model));
  const unknown = models.filter((m) => m.model === undefined);
  if (wrong.length) {
    return {
      id,
      title,
      status: 'blocking',
      summary: `${imageName} is for ${family.family}, but ${wrong.map((m) => `${m.member} is a ${m.model}`).join(', ')}: the installer would refuse it.`,
      facts,
      remedy: `Pick the image of ${wrong[0]!.model}'s family.`,
    };
  }
  if (unknown.length) return { id, title, status: 'warning', summary: `${imageName} is for ${family.family}; the model of ${unknown.map((m) => m.member).join(', ')} on ${hostname} is not known.`, facts };
  return { id, title, status: 'ok', summary: `${imageName} is for ${family.family}, and every member of ${hostname} is one.`, facts };
}
