import { t } from '../i18n/messages.ts';
import { ApiError } from './api.ts';
import { formatDateTime } from './datetime.ts';

/** The server's request validation prefixes its messages with the part of the request: developer wording. */
const VALIDATION_MESSAGE = /^(body|query|path|header|cookie|form)( field "[^"]*")?: /u;
/** Instants the server writes into messages (ISO 8601, UTC). */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z\b/gu;

/**
 * What went wrong, for people: the server's message, with its instants in the reader's time zone;
 * the wording of the machinery (request validation, server faults, request format) is replaced by
 * a plain sentence; a generic one when the failure carries no message.
 */
export function failureMessage(failure: unknown): string {
  if (!(failure instanceof Error)) return t('error.unknown');
  if (failure instanceof ApiError) {
    if (failure.code === 'internal') return t('error.internal');
    if (failure.code === 'unauthenticated' && failure.status === 401) return t('error.signedOut');
    if (failure.code === 'unsupported_media_type' || VALIDATION_MESSAGE.test(failure.message))
      return t('error.invalid');
    if (failure.code === 'payload_too_large' && failure.message.includes('request body')) return t('error.tooLarge');
    return failure.message.replace(ISO_INSTANT, (instant) => formatDateTime(instant));
  }
  return failure.message || t('error.unknown');
}

/** Why signing in failed, for people. */
export function signInFailureMessage(failure: unknown): string {
  if (failure instanceof ApiError && failure.code === 'unauthenticated') return t('signIn.wrong');
  return failureMessage(failure);
}
