/**
 * Conformance to SPEC §3 (the meter protocol), written from SPEC.md alone: our own JCS, MACs,
 * sealing and framing, nothing from @vbi/protocol. Framing rules; MACs, challenges and BUSY;
 * hello, register and login; the value ops with their answer fields and error codes; our
 * extensions of SPEC's enumerations (docs/protocol.md "Extensions").
 * One vault for the file (the suites use distinct usernames).
 */
import { useVault } from './fixture.ts';
import { challengeTests } from './suites/challenge.ts';
import { extensionTests } from './suites/extensions.ts';
import { frameTests } from './suites/frames.ts';
import { replayTests } from './suites/replay.ts';
import { sessionTests } from './suites/session.ts';
import { valueOpTests } from './suites/value-ops.ts';

const fx = useVault();
frameTests(fx);
challengeTests(fx);
sessionTests(fx);
replayTests(fx);
valueOpTests(fx);
extensionTests(fx);
