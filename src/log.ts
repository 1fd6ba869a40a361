import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** Keys whose values never reach a log line: secrets, tokens, mobiles, precise location. */
const SENSITIVE_KEYS = [
  'secret', 'appSecret', 'corpsecret', 'password', 'token', 'access_token', 'accessToken', 'aesKey', 'session_key',
  'authorization', 'cookie', 'mobile', 'phone', 'telephone', 'lat', 'lng', 'latitude', 'longitude', 'location_detail',
];

function redactPaths(): string[] {
  const paths: string[] = ['req.headers.authorization', 'req.headers.cookie'];
  for (const key of SENSITIVE_KEYS) paths.push(key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`);
  return paths;
}

/** Strips credentials from a URL before it is logged (vendor tokens travel in the query string). */
export function safeUrl(url: string): string {
  return url.replace(/([?&](?:access_token|corpsecret|appsecret|secret|code|js_code)=)[^&]*/gi, '$1[Redacted]');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactPaths(), censor: '[Redacted]' }, base: { service: 'attendance-bridge' } }, destination);
}
