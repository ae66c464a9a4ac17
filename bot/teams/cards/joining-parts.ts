import { DialIn, joiningTips } from '../../domain/joining-advice';
import { CardElement, paragraph } from './card-parts';

/** How to join on each device, so a resident on an iPhone gets the app while they wait, not at their turn. */
export function joiningParts(dialIn: DialIn | undefined): CardElement[] {
  return [
    paragraph('**How you will join the meeting**', { spacing: 'Medium' }),
    ...joiningTips(dialIn).map((tip) =>
      paragraph(tip.link ? `${tip.text} [${tip.link.text}](${tip.link.url})` : tip.text, { spacing: 'Small' }),
    ),
  ];
}
