import 'aws-sdk-client-mock-jest';

// Tests never reach AWS: make any accidental real call fail fast instead of hanging on the network.
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.AWS_REGION ??= 'us-east-1';
// The SDK's notice that Node 20 support ends in 2027 is for users, not for every test file's log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
