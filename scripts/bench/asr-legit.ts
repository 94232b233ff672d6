/**
 * Legitimate calls that sound like the ones scammers imitate (reminders, deliveries, a bank's
 * real fraud alert), spoken by several espeak-ng voices and passed through a phone channel
 * (ffmpeg, 8 kHz µ-law). They check that the domain language model does not hand a harmless
 * call scam words it never said. Shared by the sidecar test and the benches.
 */
import { execFileSync } from 'node:child_process';
import { mulawDecode } from '#core/audio/g711';
import { toPhoneMulaw } from './asr-audio';

/** One legitimate call: who speaks it and what it says. */
export interface LegitCall {
  id: string;
  voice: string;
  script: string;
}

/** espeak-ng voices (with variants) the calls rotate through. */
export const LEGIT_VOICES = ['en-us', 'en-us+f3', 'en-gb-x-rp+m2', 'en-029+f2', 'en-us+m7'];

const SCRIPTS: ReadonlyArray<[string, string]> = [
  [
    'dentist-reminder',
    'Hello, this is Bright Smile Dental calling to remind you of your appointment with Doctor Patel on Tuesday at two thirty in the afternoon. Please arrive ten minutes early. If you need to reschedule, call our front desk during office hours. Thank you and have a nice day.',
  ],
  [
    'pharmacy-refill',
    'Hi, this is the pharmacy at Green Street calling for Maria. Your prescription refill is ready for pickup. We are open until nine tonight, and the drive through window is open until seven. Thanks, and have a great evening.',
  ],
  [
    'parcel-delivery',
    'Hello, this is a courtesy call from your delivery service. Your parcel is scheduled to arrive tomorrow between nine in the morning and noon. No signature is needed, and the driver will leave it at the front door. You can follow the delivery with the tracking link in your order email.',
  ],
  [
    'bank-fraud-alert',
    'This is an automated message from the fraud prevention team at First Community Bank. We noticed a purchase of forty two dollars at a hardware store on your debit card. If you made this purchase, no action is needed. If you did not, please call the number printed on the back of your card. We will never ask for your PIN or your online banking password over the phone.',
  ],
  [
    'friend-lunch',
    'Hey, it is Jenny. I just wanted to see if you still want to grab lunch on Saturday. I was thinking of that little Thai place downtown around noon. Call me back when you get a chance. Talk to you soon, bye.',
  ],
  [
    'water-maintenance',
    'Hello, this is City Water and Power with a maintenance notice for Maple Street. Water service will be off on Thursday from nine in the morning until one in the afternoon while our crew replaces a valve. We are sorry for the trouble. You do not need to do anything.',
  ],
  [
    'school-picture-day',
    'Good afternoon, this is Lincoln Elementary School. Tomorrow is picture day. Please make sure your child brings the order form and wears their favorite shirt. Pictures will be taken in the morning before lunch. Thank you.',
  ],
  [
    'library-hold',
    'Hello, this is the public library. The book you reserved is now waiting for you at the front desk. We will hold it for seven days. Our hours are ten to six on weekdays. Happy reading.',
  ],
  [
    'vet-appointment',
    'Hi, this is Happy Paws Veterinary Clinic calling to confirm the checkup for your dog Max on Friday at ten in the morning. Please bring his leash and any medicine he is taking. See you then.',
  ],
  [
    'garage-car-ready',
    'Hello, this is Main Street Auto. Your car is ready. We changed the oil and rotated the tires, and everything else looked good. You can pick it up any time before five thirty today. Thanks for coming in.',
  ],
  [
    'restaurant-booking',
    "Good evening, this is Luigi's restaurant confirming your table for four people this Saturday at seven thirty. If your plans change, just give us a call. We look forward to seeing you.",
  ],
  [
    'doctor-lab-results',
    'Hello, this is the office of Doctor Lee. Your blood test results came back and everything looks normal. The doctor would like to see you again in six months. Have a good day.',
  ],
];

/** The calls, each with its voice (rotating through {@link LEGIT_VOICES}). */
export const LEGIT_CALLS: readonly LegitCall[] = SCRIPTS.map(([id, script], i) => ({
  id,
  script,
  voice: LEGIT_VOICES[i % LEGIT_VOICES.length]!,
}));

/** The call spoken and sent down a phone line: 8 kHz µ-law bytes and their decoded PCM. */
export function phoneCall(call: LegitCall): { mulaw: Uint8Array<ArrayBuffer>; pcm8k: Int16Array } {
  const wav = execFileSync('espeak-ng', ['-v', call.voice, '-s', '155', '--stdout', call.script], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  const mulaw = toPhoneMulaw(new Uint8Array(wav));
  return { mulaw, pcm8k: mulawDecode(mulaw) };
}
