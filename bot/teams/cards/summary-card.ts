import { AdaptiveCard, card, escapeMarkdown, facts, heading, paragraph, submit } from './card-parts';
import type { VisitSummaryMessage } from '../../domain/messages';

/** The summary of a visit: the card leaves out the lobby tag, and once `answered`, thanks instead of asking again. */
export type SummaryCardModel = Omit<VisitSummaryMessage, 'kind' | 'lobbyTag'>;

function nextStepWords(model: Pick<SummaryCardModel, 'followUp' | 'caseReference'>): string {
  return model.followUp
    ? 'Your councillor will follow this up. We will tell you here when there is news, so you do not need to chase.'
    : `Your councillor does not need to do anything more about this. If something changes, contact your councillor and quote ${model.caseReference}.`;
}

/**
 * Sent once the consultation ends, so the resident has a record of it and knows what happens next. It
 * ends with one optional question from the council's service standards.
 */
export function summaryCard(model: SummaryCardModel): AdaptiveCard {
  return card(
    [
      heading('Thank you for coming'),
      paragraph(`This is a summary of your visit to the ${escapeMarkdown(model.ward)} surgery.`),
      paragraph('Your case reference is:'),
      paragraph(escapeMarkdown(model.caseReference), { size: 'ExtraLarge', weight: 'Bolder' }),
      paragraph('Keep it. Quote it if you contact the council about this.', { isSubtle: true }),
      ...(model.topic ? [facts([['Topic', model.topic]])] : []),
      ...(model.outcome ? [paragraph('What your councillor noted', { weight: 'Bolder' }), paragraph(escapeMarkdown(model.outcome))] : []),
      paragraph('What happens next', { weight: 'Bolder' }),
      paragraph(nextStepWords(model)),
      ...(model.answered
        ? [paragraph('Thank you for answering our question.', { weight: 'Bolder', separator: true })]
        : feedbackQuestion()),
    ],
    model.answered ? [] : [submit('Send answer', { action: 'feedback', surgeryId: model.surgeryId, visitId: model.visitId })],
  );
}

function feedbackQuestion() {
  return [
    paragraph('One question (optional)', { weight: 'Bolder', separator: true }),
    {
      type: 'Input.ChoiceSet',
      id: 'listened',
      label: 'Did you feel listened to?',
      style: 'expanded',
      choices: [
        { title: 'Yes', value: 'yes' },
        { title: 'Partly', value: 'partly' },
        { title: 'No', value: 'no' },
      ],
    },
    { type: 'Input.Text', id: 'comment', label: 'Anything you want to add? (optional)', isMultiline: true, maxLength: 500 },
    paragraph('Your answer is counted anonymously. Your councillor does not see who said what.', { isSubtle: true }),
  ];
}
