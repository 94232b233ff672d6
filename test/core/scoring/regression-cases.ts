/**
 * Hand-written labelled calls (not from the eval data) for the hard cases: legitimate calls
 * that open like scams, and scams that avoid the usual keywords.
 */

export interface RegressionCase {
  name: string;
  label: 'scam' | 'safe';
  transcript: string;
  /**
   * A legitimate call the engine is known to caution on (SUSPICIOUS, never worse), and why.
   * Each is a regression of the learned fusion (issue #22) kept in sight, not a target.
   */
  cautioned?: string;
}

export const IRS_GIFT_CARD =
  'This is Officer Daniel Brooks with the Internal Revenue Service. There is a warrant for your arrest for unpaid back taxes. To avoid being taken into custody today you must pay immediately using Google Play gift cards. Do not tell anyone about this call and do not hang up.';

export const FRIENDLY_CALL =
  "Hi Grandma, it's Lily! I just got home from school and wanted to say thank you for the birthday sweater, I love it. Mom says we will visit on Sunday for lunch. Love you, talk soon!";

export const REGRESSION_CASES: readonly RegressionCase[] = [
  { name: 'IRS gift-card script', label: 'scam', transcript: IRS_GIFT_CARD },
  { name: 'friendly personal call', label: 'safe', transcript: FRIENDLY_CALL },
  {
    name: 'tech support without brand keywords',
    label: 'scam',
    transcript:
      'Hello, I am calling because your computer has been sending us error reports. Someone may be inside your system right now. I need you to go to your keyboard, press the Windows key and R, and type in the address I give you so I can connect to your computer and clean it for you.',
  },
  {
    name: 'refund overpayment scam',
    label: 'scam',
    transcript:
      'Good afternoon, you were charged three hundred ninety nine dollars for a subscription renewal. We will give you the refund, but our system made a mistake and sent you too much. Please log into your online banking so we can fix it, and then send back the difference with gift cards from the store.',
  },
  {
    name: 'grandchild in jail',
    label: 'scam',
    transcript:
      "Grandpa? It's me, your grandson. I'm in trouble, there was a car accident and the police arrested me. I need bail money today. Please don't tell Mom and Dad, they will be so angry. The lawyer will call you to explain how to send it.",
  },
  {
    name: 'romance money request',
    label: 'scam',
    transcript:
      'My darling, I think about you every day. I am stuck overseas on the oil rig and my bank card stopped working. If you could send me two thousand dollars for the flight ticket I will pay you back as soon as I land, I promise. You are the only one I trust.',
  },
  {
    name: 'bank impersonation with safe account',
    label: 'scam',
    transcript:
      'This is the fraud department of your bank. Your account has been compromised and your savings are at risk. We need you to transfer your money to a secure account we have set up for you today. Please read me the verification code we just sent to your phone.',
  },
  {
    name: 'social security suspension robocall',
    label: 'scam',
    transcript:
      'This call is from the Social Security Administration. Your social security number has been suspended due to suspicious activity. To avoid legal action press 1 now to speak with an officer.',
  },
  {
    name: 'prize with a release fee',
    label: 'scam',
    transcript:
      'Congratulations! You have been selected as the winner of our national sweepstakes and a cash prize of fifty thousand dollars. To release your prize we just need a small processing fee paid with a prepaid card today.',
  },
  {
    name: 'crypto investment pitch',
    label: 'scam',
    transcript:
      'I have an investment opportunity for you on our crypto trading platform with guaranteed returns of forty percent a month. Spots are limited, so you need to make a deposit of five thousand dollars in bitcoin before midnight.',
  },
  {
    name: 'remote access app for a refund',
    label: 'scam',
    transcript:
      'We are refunding your antivirus subscription. To process the refund please download the AnyDesk application and give me the nine digit code so I can access your computer and transfer the money into your account.',
  },
  {
    name: 'utility disconnection threat',
    label: 'scam',
    transcript:
      'This is the electric company. Your power will be disconnected within thirty minutes because of an unpaid bill. To stop the disconnection you must pay immediately with a prepaid debit card or bitcoin. Stay on the line.',
  },
  {
    name: 'genuine bank fraud alert',
    label: 'safe',
    transcript:
      "Hello, this is Anna from your bank's fraud department. We noticed a card payment of forty two dollars at a grocery store this morning and want to make sure it was you. We will never ask for your PIN or your full card number. If you have any doubt, hang up and call the number on the back of your card.",
  },
  {
    name: 'pharmacy refill reminder',
    label: 'safe',
    transcript:
      'This is an automated message from Greenway Pharmacy. Your prescription is ready for pickup at the pharmacy counter. Press 1 to hear our opening hours or press 2 to speak with a pharmacist. Thank you.',
  },
  {
    name: 'dentist appointment reminder',
    label: 'safe',
    transcript:
      'Hi, this is Maria from Bright Smile Dental calling to confirm your appointment with Doctor Lee tomorrow at nine in the morning. If you need to reschedule your appointment please call our office. See you tomorrow.',
  },
  {
    name: 'delivery driver',
    label: 'safe',
    transcript:
      "Hi, I'm the driver with your furniture delivery. I'm about ten minutes away from your house. Is it okay if I leave the boxes in the garage, or will someone be home to open the door?",
  },
  {
    name: 'company IVR menu',
    label: 'safe',
    transcript:
      'Thank you for calling City Water. For billing questions press 1. To report a leak press 2. For all other questions please stay on the line and a representative will be with you shortly.',
  },
  {
    name: 'restaurant reservation confirmation',
    label: 'safe',
    transcript:
      'Good evening, this is Luca from Trattoria Roma. I am calling about your reservation for four people on Friday at seven. We have a table by the window for you. Please let us know if anything changes.',
  },
  {
    name: 'colleague about a meeting',
    label: 'safe',
    transcript:
      'Hey, it is Tom from accounting. The budget meeting moved to Thursday at two in room 4B. Can you bring the printed slides? Thanks, see you then.',
  },
  {
    name: 'doctor office test results',
    label: 'safe',
    transcript:
      'Hello, this is the nurse from Doctor Adams office returning your call. Your blood test results came back normal, nothing to worry about. The doctor would like to see you again in six months. Have a good day.',
  },
  {
    name: 'school nurse',
    label: 'safe',
    transcript:
      'Hi, this is Mrs. Green, the nurse at Oak Street Elementary. Your son has a small fever, he is resting in my office. Could you or someone from the family come pick him up this afternoon? Call the school office when you are on your way.',
  },
  {
    name: 'friend planning a trip',
    label: 'safe',
    transcript:
      'Hey! So I looked at cabins for the lake weekend and found one with a dock and a fire pit. It sleeps six. Should I book it for the second weekend of June? Let me know what you think.',
  },
  {
    name: 'customer chasing an order that never arrived',
    label: 'safe',
    transcript:
      'Hello, I ordered a winter coat from your website two weeks ago and the package never arrived. The tracking page has said out for delivery since Monday. I was charged eighty nine dollars on my credit card and I would like either the coat or a full refund. Can you look into it please?',
  },
  {
    name: 'customer returning a faulty blender',
    label: 'safe',
    transcript:
      "Hi, my name is Tom Reyes, order number 55120. The blender I bought from your store stopped working after three days. I still have the receipt. What is your return policy? I'd prefer a replacement but a refund to my card is fine too.",
  },
  {
    name: 'customer waiting for a refund on a return',
    label: 'safe',
    transcript:
      "Good morning, I returned the shoes to your warehouse a month ago and I still haven't received my refund. The return was signed for on the tenth. Could you check what happened and tell me when the money will be back on my card?",
  },
  {
    name: 'angry customer threatening a review',
    label: 'safe',
    transcript:
      "This is the third time I've called about the washing machine you installed. It leaks every single cycle and your technician never showed up for the repair appointment on Friday. I took a day off work for that. I want someone out here this week or I want my money back, and I will be posting a review about this.",
  },
  {
    name: 'airline customer asking how to get a refund',
    label: 'safe',
    transcript:
      "Hi, this is Priya. My flight with your airline was cancelled last night and I was rebooked two days later, which is no use to me. I'd like to know how I request a refund for the unused ticket instead of a travel voucher. My booking reference is K7X2PQ.",
  },
  {
    name: 'pharmacy saying it refunded an overcharge',
    label: 'safe',
    transcript:
      "Good afternoon, I'm calling from the Oak Street branch of Greenleaf Pharmacy. We owe you an apology: you were overcharged for your prescription last Tuesday, so we have refunded eleven dollars to the card you paid with. You don't need to do anything; it will show on your statement in three to five days.",
  },
  {
    name: "scammer posing as a refund team after an 'accidental' refund",
    label: 'scam',
    transcript:
      'Hello, this is Kevin from the Amazon refund team. We accidentally refunded you twenty thousand dollars instead of two hundred. You need to return the difference today or we will press charges. Please go to Target, buy Google Play gift cards for the amount, and read me the numbers on the back.',
  },
  {
    name: 'victim asking for money back while the scammer wants remote access and gift cards',
    label: 'scam',
    transcript:
      "Thank you for calling customer support, how can I help you? Yes I got an email saying I was charged for an antivirus renewal and I want my money back. Okay ma'am, to cancel and refund I will need access to your computer. Please download the support app and read me the code, and then we will need you to buy gift cards to reverse the transaction.",
  },
  {
    name: 'customer whose phone line was cut off after paying',
    label: 'safe',
    cautioned:
      'an account number read out, a disconnected line and a payment: the character model hears a utility-disconnection scam',
    transcript:
      "Hello, my account number is 4471-22. Your company disconnected my phone line last Thursday even though I paid the bill in full on the first. I have the bank statement to prove it. I run a business from home and I've lost four days of calls. I want the line back on today and some compensation for this.",
  },
  {
    name: 'customer bringing a car back after a repair',
    label: 'safe',
    transcript:
      "I'm calling because the car I picked up from your garage yesterday is making the same grinding noise it made before the repair. I paid six hundred for new brakes and it sounds exactly the same. I'd like it looked at again at no cost, this week if possible.",
  },
  {
    name: 'grocery order with missing items',
    label: 'safe',
    transcript:
      "Hi, I placed an online grocery order for Saturday and half of the items were missing, including the birthday cake I ordered for my daughter. The driver said that's all he had. I was charged for everything. Can you credit the missing items back to my account?",
  },
  {
    name: "'refund desk' that wants screen sharing and online banking",
    label: 'scam',
    transcript:
      "Hello, I'm calling from the customer refund desk. Our records show you were charged twice for your last order and we need to give you a refund. Please open your online banking while I stay on the line, and install the secure refund app so I can see your screen and return the money.",
  },
  {
    name: "'compensation payment' released for a gift-card fee",
    label: 'scam',
    transcript:
      'Hi this is Mark from the warranty department. Your recent purchase qualifies for a compensation payment of five hundred dollars because of a defect. To release the payment we need a small processing fee of forty nine dollars paid today in Apple gift cards.',
  },
];
