/**
 * A time of day as residents and councillors read it ("2:40pm", "9pm", "midday", "midnight"), for building a
 * RegExp where the time comes from the real clock: a test must pass at midday as well as at 2:40pm.
 */
export const TIME_OF_DAY = String.raw`(?:\d{1,2}(?::\d{2})?[ap]m|midday|midnight)`;
