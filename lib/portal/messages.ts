import { brand } from '@/lib/brand';
import type { MailMessage } from '@/lib/mail/mailer';
import { codeLifetimeSeconds } from './codes';

const minutes = codeLifetimeSeconds / 60;

export function loginCodeMail(to: string, code: string): MailMessage {
  return {
    to,
    subject: `Your ${brand.name} sign-in code: ${code}`,
    text: [
      `Your code to sign in to the ${brand.name} billing portal is ${code}.`,
      '',
      `It works once and expires in ${minutes} minutes.`,
      'If you did not ask to sign in, ignore this email: nobody can sign in without the code.',
    ].join('\n'),
  };
}

export function emailChangeCodeMail(to: string, code: string): MailMessage {
  return {
    to,
    subject: `Confirm your new email address: ${code}`,
    text: [
      `Enter ${code} in the ${brand.name} billing portal to make this your account's email address.`,
      '',
      `The code works once and expires in ${minutes} minutes.`,
      'If you did not ask for this, ignore this email and nothing will change.',
    ].join('\n'),
  };
}

export function emailChangedNotice(to: string, newEmail: string): MailMessage {
  return {
    to,
    subject: `Your ${brand.name} billing email address was changed`,
    text: [
      `The email address on your billing account is now ${newEmail}.`,
      '',
      `If you did not make this change, write to ${brand.contactEmail} right away.`,
    ].join('\n'),
  };
}
