import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { errorName } from './pacing';
import { StateConflictError, type PublishState, type StateStore } from './state';

/** The only prefix of the state bucket the function may read and write (lib/publish-state.ts). */
export const PUBLISH_STATE_PREFIX = 'publish-state';

/** The object that holds one account and region's state, under the prefix the function may write. */
export function stateKey(prefix: string, accountId: string, region: string): string {
  return `${prefix.replace(/\/+$/, '')}/${accountId}/${region}.json.gz`;
}

interface S3ErrorLike {
  $metadata?: { httpStatusCode?: number };
}

const status = (error: unknown) => (error as S3ErrorLike | undefined)?.$metadata?.httpStatusCode;

/**
 * The publish state in S3, gzipped JSON. Saves are conditional (If-Match the etag read, or If-None-Match
 * for the first one): S3 answers 412 (or 409 for a concurrent conditional write) when another run got there
 * first.
 */
export class S3StateStore implements StateStore {
  readonly location: string;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly key: string,
  ) {
    this.location = `s3://${bucket}/${key}`;
  }

  async load(): Promise<{ value: unknown; etag: string } | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key }));
      const bytes = await object.Body!.transformToByteArray();
      return { value: JSON.parse(gunzipSync(bytes).toString('utf8')) as unknown, etag: object.ETag ?? '' };
    } catch (error) {
      if (errorName(error) === 'NoSuchKey' || status(error) === 404) return undefined;
      throw error;
    }
  }

  async save(state: PublishState, etag: string | undefined): Promise<string> {
    try {
      const written = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key,
          Body: gzipSync(JSON.stringify(state)),
          ContentType: 'application/json',
          ContentEncoding: 'gzip',
          ...(etag ? { IfMatch: etag } : { IfNoneMatch: '*' }),
        }),
      );
      return written.ETag ?? '';
    } catch (error) {
      if (status(error) === 412 || status(error) === 409) throw new StateConflictError(this.location);
      throw error;
    }
  }
}
