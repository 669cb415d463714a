import { makeDesktop, startTestVault, PASSPHRASE, letterJob } from './helpers/desktop-fixture.ts';
const vault = await startTestVault();
const d = makeDesktop(vault);
try {
  console.log(await d.raw('connect', {}));
  console.log(await d.raw('register', { username: 'alice', licenseZip: '94105', passphrase: PASSPHRASE }));
  vault.credit('alice', 100000);
  console.log(await d.raw('buyPostage', { amountMills: 20000 }));
  console.log(JSON.stringify(await d.raw('printPostage', letterJob())));
  console.log(d.pdfs());
} finally { await vault.stop(); }
