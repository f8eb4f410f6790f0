/** A notification being delivered by a case, as far as it has got (notify.ts keeps it going). */
import type { NotificationRequest } from '../common/notifications';

export interface Delivery {
  request: NotificationRequest;
  round: number;
  /** When the next round of attempts starts, while the delivery pauses; 0 before any pause. */
  nextAt: number;
  /** Its outcome is recorded (sent, or refused for good): nothing more is owed. */
  done: boolean;
  /** Settles once the outcome is written. */
  job?: Promise<void>;
}
