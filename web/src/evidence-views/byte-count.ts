import { t } from '../i18n/messages.ts';

const numberFormat = new Intl.NumberFormat();

/** An exact size in bytes: an investigator compares it with the size a forensic tool reports. */
export const byteCount = (bytes: number): string => t('views.bytes', { count: numberFormat.format(bytes) });
