// Before the browser tests: Debian's Chromium must be at /usr/bin/chromium (a browser download is
// impossible here). As root with apt-get, install it; otherwise stop with one clear line.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log(`${CHROMIUM} missing: installing Debian's chromium package with apt-get`);
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
    });
  }
  if (!existsSync(CHROMIUM)) {
    console.error(
      `Browser tests need Chromium at ${CHROMIUM}: install Debian's package with "sudo apt-get install chromium".`,
    );
    process.exit(1);
  }
}
