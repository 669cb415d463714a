export { createUpdateFeedHandler } from './feed-handler.ts';
export { ChannelName, updateInfoFileFor, signatureFileName, type UpdateInfoFileName } from './feed-names.ts';
export { publishRelease, channelDirOf, PublishRefused, type PublishOptions, type PublishResult } from './publish.ts';
export { readReleaseHistory, type ReleaseRecord } from './release-history.ts';
export { signerFromKey, type ReleaseSigner } from './release-signature.ts';
