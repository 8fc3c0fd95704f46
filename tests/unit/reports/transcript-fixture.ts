import type { SenderKind, TranscriptHeader, TranscriptMessage } from '../../../src/reports/transcript.ts';

/** Texts in every script the transcript must show, each with words the tests search for. */
export const SAMPLE_TEXTS = {
  english: 'Hello, I would like to know the price of the Premium plan for twelve users, please.',
  accented: 'Café crème at the naïve façade — Zürich, São Paulo, Ångström, Łódź, Ærøskøbing.',
  hindi: 'नमस्ते, मुझे प्रीमियम योजना की कीमत जाननी है। क्या आप हिंदी में बात कर सकते हैं? धर्म, क्षत्रिय, श्रीमान।',
  arabic: 'مرحبا، أريد حجز موعد يوم 15 مارس الساعة 10:30 من فضلك. رقم الطلب 4821.',
  chinese: '你好，我想了解一下你们的价格。我们公司有二十个员工，请问有折扣吗？',
  emoji: 'Thanks a lot! 😀👍🏽 ❤️ 🎉 See you soon 🚀',
  hebrew: 'שלום, אני רוצה לשאול על המחיר של 250 שקלים.',
  greekCyrillic: 'Γειά σου κόσμε — Привет, мир! Καλημέρα.',
  mixed: 'Order #A-1234 (مرحبا 2026) with नमस्ते and 中文 in one line.',
  longUrl:
    'Please open https://shop.example.com/very/long/path/that/keeps/going/and/going/?utm_source=newsletter&utm_medium=email&utm_campaign=winter_sale_2026_with_an_extremely_long_campaign_name now.',
  multiline: 'First line of a longer note.\nSecond line after a break.\n\nA paragraph after an empty line.',
} as const;

export const HEADER: TranscriptHeader = {
  chatRef: 'CH-7Q2K9',
  visitorName: 'Priya Sharma',
  visitorPhone: '+91 98765 43210',
  visitorEmail: 'priya.sharma@example.in',
  project: 'Acme Furniture',
  status: 'Closed',
  agentName: 'Daniel Okafor',
  leadStage: 'Qualified',
  attribution: {
    source: 'google.com',
    utmCampaign: 'winter_sale_2026',
    utmSource: 'google',
    utmMedium: 'cpc',
    landingUrl:
      'https://acme.example.com/sofas/three-seater?utm_source=google&utm_medium=cpc&utm_campaign=winter_sale_2026',
    referrer: 'https://www.google.com/',
    device: 'Mobile · Android 15 · Chrome 131',
  },
  createdAt: '2026-11-30T09:15:00.000Z',
  closedAt: '2026-11-30T11:02:00.000Z',
};

const KINDS: SenderKind[] = ['visitor', 'agent', 'visitor', 'ai', 'visitor', 'admin', 'system'];
const NAMES: Record<SenderKind, string> = {
  visitor: 'Priya Sharma',
  agent: 'Daniel Okafor',
  admin: 'Sofia Müller',
  ai: 'Acme Assistant',
  system: 'System',
};
const TEXTS = Object.values(SAMPLE_TEXTS);

/** Message `i` of a generated chat: every script, replies every 5th, attachments every 9th. */
export function sampleMessage(i: number): TranscriptMessage {
  const kind = KINDS[i % KINDS.length] ?? 'visitor';
  const body =
    kind === 'system' ? `Chat assigned to ${NAMES.agent} (rule ${i}).` : (TEXTS[i % TEXTS.length] ?? '');
  return {
    seq: i + 1,
    senderKind: kind,
    senderName: NAMES[kind],
    body,
    createdAt: new Date(Date.UTC(2026, 10, 30, 9, 15) + i * 37_000).toISOString(),
    replyTo: i % 5 === 4 ? { senderName: NAMES.visitor, excerpt: TEXTS[(i + 3) % TEXTS.length] ?? '' } : null,
    attachment:
      i % 9 === 8
        ? {
            url: `https://files.example.com/chat/CH-7Q2K9/photo-${i}.jpg`,
            name: `photo-${i}.jpg`,
            contentType: 'image/jpeg',
          }
        : null,
  };
}

export async function* sampleMessages(
  count: number,
  onRead?: (i: number) => void,
): AsyncGenerator<TranscriptMessage> {
  for (let i = 0; i < count; i++) {
    onRead?.(i);
    yield sampleMessage(i);
  }
}
