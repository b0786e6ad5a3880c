import { gzipSync } from 'node:zlib';
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3StateStore, stateKey } from '../../lambda/publish/s3-state-store';
import { emptyState, parseState, StateConflictError } from '../../lambda/publish/state';

const s3 = mockClient(S3Client);
const store = () =>
  new S3StateStore(new S3Client({ region: 'us-east-1' }), 'bucket', 'publish-state/1/r.json.gz');
const state = emptyState('123456789012', 'us-east-1');

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('S3StateStore', () => {
  beforeEach(() => s3.reset());

  it('names one object per account and region under the prefix', () => {
    expect(stateKey('publish-state/', '123456789012', 'eu-west-1')).toBe(
      'publish-state/123456789012/eu-west-1.json.gz',
    );
  });

  it('has no state yet when the object does not exist', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no', $metadata: { httpStatusCode: 404 } }));

    await expect(store().load()).resolves.toBeUndefined();
  });

  it('reads the gzipped JSON and its ETag', async () => {
    const bytes = new Uint8Array(gzipSync(JSON.stringify(state)));
    // The part of the SDK's stream the store reads.
    const body = { transformToByteArray: () => Promise.resolve(bytes) };
    s3.on(GetObjectCommand).resolves({ Body: body as never, ETag: '"abc"' });

    const loaded = await store().load();

    expect(loaded?.etag).toBe('"abc"');
    expect(parseState(loaded?.value, '123456789012', 'us-east-1')).toEqual({ state });
  });

  it('lets a denied read fail the run instead of starting from nothing', async () => {
    s3.on(GetObjectCommand).rejects(s3Error('AccessDenied', 403));

    await expect(store().load()).rejects.toThrow('AccessDenied');
  });

  it('writes the first state only if none exists, and later ones only over the version it read', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"v2"' });

    await expect(store().save(state, undefined)).resolves.toBe('"v2"');
    await store().save(state, '"v1"');

    const calls = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(calls[0]).toMatchObject({ Bucket: 'bucket', Key: 'publish-state/1/r.json.gz', IfNoneMatch: '*' });
    expect(calls[0]).not.toHaveProperty('IfMatch');
    expect(calls[1]).toMatchObject({ IfMatch: '"v1"' });
  });

  it.each([
    ['PreconditionFailed', 412],
    ['ConditionalRequestConflict', 409],
  ])('turns %s into a conflict: another run wrote first', async (name, status) => {
    s3.on(PutObjectCommand).rejects(s3Error(name, status));

    await expect(store().save(state, '"v1"')).rejects.toBeInstanceOf(StateConflictError);
  });
});

describe('parseState', () => {
  it('names what is wrong with a state it cannot use', () => {
    expect(parseState({ version: 1 }, '123456789012', 'us-east-1')).toEqual({
      problem: expect.stringMatching(/^invalid state at accountId: /),
    });
    expect(parseState(emptyState('999999999999', 'us-east-1'), '123456789012', 'us-east-1')).toEqual({
      problem: 'state is for 999999999999/us-east-1, not 123456789012/us-east-1',
    });
  });
});
