/**
 * What a person agrees to when registering (GDPR art. 6(1)(a) and 7(1): the controller must be
 * able to show what was consented to). Each registration stores the text and its version;
 * change the text only together with a new version.
 */
export const REGISTRATION_CONSENT = {
  version: "2024-01",
  text:
    "Wyrażam zgodę na przetwarzanie moich danych osobowych (imię i nazwisko, adres e-mail, płeć, " +
    "instytucja i sektor, który reprezentuję) przez organizatora wizyty studyjnej w celu " +
    "przeprowadzenia rekrutacji, organizacji wizyty, kontaktu w jej sprawie oraz monitorowania " +
    "i sprawozdawczości projektu współfinansowanego ze środków Europejskiego Funduszu " +
    "Społecznego Plus. Podanie danych jest dobrowolne, lecz niezbędne do udziału w wizycie. " +
    "Zgodę mogę wycofać w dowolnym momencie, anulując zgłoszenie; wycofanie zgody nie wpływa " +
    "na zgodność z prawem przetwarzania, którego dokonano przed jej wycofaniem.",
} as const;
