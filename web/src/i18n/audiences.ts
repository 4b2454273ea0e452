import type { CatalogueLab } from '../lib/api.ts';
import { t } from './messages.ts';

type Audience = CatalogueLab['audiences'][number];

/** Whom a lab or course is written for, every audience named: "Prosecutors, Judges". */
export function audienceNames(audiences: readonly Audience[]): string {
  return audiences.map((audience) => t(`audience.${audience}`)).join(t('audience.separator'));
}
