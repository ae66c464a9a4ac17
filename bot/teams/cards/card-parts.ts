/** Small builders for Adaptive Card 1.5 JSON, so each card reads as its content. */
import type { CardData } from '../../services/card-actions';

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
}

export function card(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/**
 * Adaptive Card text is Markdown; anything a resident typed is escaped so it shows exactly as typed
 * and cannot add links, emphasis or fake headings to a card.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, (c) => `\\${c}`);
}

export function heading(text: string): CardElement {
  return { type: 'TextBlock', text, wrap: true, size: 'Large', weight: 'Bolder', style: 'heading' };
}

export function paragraph(text: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

export function facts(rows: [string, string][]): CardElement {
  return { type: 'FactSet', facts: rows.map(([title, value]) => ({ title, value })) };
}

export function submit(title: string, data: CardData, style?: 'positive' | 'destructive'): CardElement {
  return { type: 'Action.Submit', title, data, ...(style ? { style } : {}) };
}

/**
 * "Don't ask twice", opt-in: a toggle to remember name and postcode in this chat, on when they already are,
 * and, when they were filled in from last time, a note saying so.
 */
export function rememberParts(remembered: boolean, value: string | undefined): CardElement[] {
  return [
    ...(remembered
      ? [
          paragraph('We filled in your name and postcode from last time, as you asked. Change them if they are not right.', {
            isSubtle: true,
          }),
        ]
      : []),
    {
      type: 'Input.Toggle',
      id: 'remember',
      title: 'Remember my name and postcode in this chat for next time',
      valueOn: 'true',
      valueOff: 'false',
      value: value ?? (remembered ? 'true' : 'false'),
    },
  ];
}

/** Shown on a form filled in from remembered details. */
export const FORGET_ME = { title: 'Forget my details', data: { action: 'forget_me' } } as const;

export function openUrl(title: string, url: string): CardElement {
  return { type: 'Action.OpenUrl', title, url };
}
