package io.vigie.report;

import io.vigie.notice.NoticeType;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one place a notice becomes a sentence a lawyer reads: per {@link NoticeType}, in English and
 * French. {@code NoticeSentencesTest} fails when a type has no sentence in a language.
 *
 * <p>The templates are {@link java.text.MessageFormat} patterns (so no straight apostrophe: they
 * use ’) with these arguments:
 *
 * <pre>
 * {0} the time, local then UTC       {1} the party that started the session (or the camera)
 * {2} the party it reached           {3} the application (SSH, TLS...)
 * {4} the camera                      {5} the maintenance window, or "none"
 * </pre>
 *
 * <pre>{@code
 * String s = NoticeSentences.template(NoticeType.VENDOR_ACCESS_OUTSIDE_WINDOW, "en");
 * // "{1} connected by {3} to {2} at {0} without an approved window."
 * }</pre>
 */
public final class NoticeSentences {
  private NoticeSentences() {}

  private static final Map<NoticeType, String> EN = new EnumMap<>(NoticeType.class);
  private static final Map<NoticeType, String> FR = new EnumMap<>(NoticeType.class);

  private static void say(NoticeType t, String en, String fr) {
    EN.put(t, en);
    FR.put(t, fr);
  }

  static {
    say(
        NoticeType.VENDOR_ACCESS_OUTSIDE_WINDOW,
        "{1} connected by {3} to {2} at {0} without an approved window.",
        "Connexion {3} par {1} vers {2} à {0}, sans fenêtre de maintenance approuvée.");
    say(
        NoticeType.VENDOR_ACCESS_OUT_OF_SCOPE,
        "{1} connected by {3} to {2} at {0}, during window {5} but outside what it allows.",
        "Connexion {3} par {1} vers {2} à {0}, pendant la fenêtre {5} mais hors de ce qu’elle"
            + " autorise.");
    say(
        NoticeType.SESSION_OUTLIVED_WINDOW,
        "A {3} session from {1} to {2}, started at {0}, went on after window {5} had ended or was"
            + " revoked.",
        "Une session {3} par {1} vers {2}, commencée à {0}, s’est poursuivie après la fin ou la"
            + " révocation de la fenêtre {5}.");
    say(
        NoticeType.PHONE_HOME,
        "{1} talked by {3} to {2} at {0}, which the site does not allow.",
        "Échange {3} par {1} vers {2} à {0}, que le site n’autorise pas.");
    say(
        NoticeType.VIDEO_EGRESS,
        "Video left the video network: {3} from {1} to {2} at {0}.",
        "De la vidéo est sortie du réseau vidéo : {3} par {1} vers {2} à {0}.");
    say(
        NoticeType.REMOTE_ACCESS,
        "{1} opened a remote-control session ({3}) to {2} at {0}; it was not the vendor.",
        "Prise en main à distance ({3}) par {1} vers {2} à {0} ; ce n’était pas le prestataire.");
    say(
        NoticeType.TUNNEL_DETECTED,
        "A tunnel ({3}) between {1} and {2} started at {0}.",
        "Un tunnel ({3}) entre {1} et {2} s’est ouvert à {0}.");
    say(
        NoticeType.NEW_EXTERNAL_ENDPOINT,
        "{1} talked to {2} for the first time, at {0}.",
        "Premier échange entre {1} et {2}, à {0}.");
    say(
        NoticeType.PLATFORM_REGISTRATION,
        "{1} registered by {3} to the video platform {2} at {0}; the site does not approve that"
            + " platform.",
        "Enregistrement {3} par {1} auprès de la plateforme vidéo {2} à {0} ; le site n’approuve"
            + " pas cette plateforme.");
    say(
        NoticeType.VIDEO_PULLED,
        "Video was pulled ({3}) between {1} and {2}, outside the video networks, at {0}.",
        "De la vidéo a été tirée ({3}) entre {1} et {2}, hors des réseaux vidéo, à {0}.");
    say(
        NoticeType.REMOTE_CONTROL,
        "A device-management command ({3}) went from {1} to {2} at {0}, outside an authorised"
            + " session.",
        "Une commande d’administration ({3}) est passée par {1} vers {2} à {0}, hors d’une"
            + " session autorisée.");
    say(
        NoticeType.PORT_MAPPING,
        "{4} asked the router at {0} to open a port to it from the Internet (UPnP).",
        "Ouverture d’un port du routeur depuis Internet (UPnP) demandée pour {4} à {0}.");
    say(
        NoticeType.VENDOR_CLOUD,
        "{1} talked by {3} to a vendor cloud, {2}, at {0}; it is not an approved platform.",
        "Échange {3} par {1} vers un nuage du fabricant, {2}, à {0} ; ce n’est pas une plateforme"
            + " approuvée.");
    say(
        NoticeType.FACE_LIBRARY_CHANGE,
        "The face library of {4} was changed by {1} at {0} (biometric data).",
        "La bibliothèque de visages a été modifiée sur {4} par {1} à {0} (données biométriques).");
    say(
        NoticeType.CLEARTEXT_CREDENTIALS,
        "A password crossed the network in clear text ({3}) from {1} to {2} at {0}.",
        "Un mot de passe a circulé en clair ({3}) par {1} vers {2} à {0}.");
    say(
        NoticeType.NEW_CLIENT_FINGERPRINT,
        "{1} connected to {2} at {0} with software the site does not know (client fingerprint).",
        "Connexion par {1} vers {2} à {0} avec un logiciel que le site ne connaît pas (empreinte"
            + " du client).");
    say(
        NoticeType.FIRMWARE_TRANSFER,
        "A file was sent to {4} by {3} at {0}.",
        "Un fichier a été envoyé à {4} par {3} à {0}.");
    say(
        NoticeType.CAMERA_UNREACHABLE,
        "{4} did not answer its check at {0}.",
        "Pas de réponse à la vérification par {4} à {0}.");
    say(
        NoticeType.CAMERA_REPLACED,
        "Another device answers at the address of {4} (its serial number changed), seen at {0}.",
        "Un autre appareil répond à l’adresse de {4} (numéro de série changé), constaté à {0}.");
    say(
        NoticeType.FIRMWARE_CHANGED,
        "The firmware of {4} changed, seen at {0}.",
        "Le micrologiciel de {4} a changé, constaté à {0}.");
    say(
        NoticeType.ANALYTICS_ADDED,
        "An analytics function appeared on {4}, seen at {0}.",
        "Une fonction d’analyse vidéo est apparue sur {4}, constaté à {0}.");
    say(
        NoticeType.ANALYTICS_REMOVED,
        "An analytics function disappeared from {4}, seen at {0}.",
        "Une fonction d’analyse vidéo a disparu de {4}, constaté à {0}.");
    say(
        NoticeType.PRIVACY_ANALYTICS_PRESENT,
        "{4} offers or runs analytics that touch privacy (such as face recognition), seen at {0}.",
        "Une analyse touchant la vie privée (comme la reconnaissance faciale) est proposée ou"
            + " utilisée sur {4}, constaté à {0}.");
    say(
        NoticeType.UNKNOWN_ANALYTICS_TYPE,
        "{4} has an analytics function vigie cannot classify, seen at {0}.",
        "Une fonction d’analyse que vigie ne sait pas classer est présente sur {4}, constaté à"
            + " {0}.");
    say(
        NoticeType.USERS_CHANGED,
        "The user accounts of {4} changed, seen at {0}.",
        "Les comptes utilisateurs de {4} ont changé, constaté à {0}.");
    say(
        NoticeType.REMOTE_USER_SET,
        "{4} has a remote user set, seen at {0}.",
        "Un utilisateur distant est configuré sur {4}, constaté à {0}.");
    say(
        NoticeType.DP_ADDRESS_CHANGED,
        "The discovery proxy addresses of {4} changed, seen at {0}.",
        "Les adresses du proxy de découverte de {4} ont changé, constaté à {0}.");
    say(
        NoticeType.GATE_REFUSED,
        "vigie’s gate refused a connection at {0}.",
        "La passerelle de vigie a refusé une connexion à {0}.");
    say(
        NoticeType.GATE_BYPASS,
        "{1} reached {2} by {3} at {0} without passing through vigie’s gate.",
        "Connexion {3} par {1} vers {2} à {0} sans passer par la passerelle de vigie.");
    say(
        NoticeType.EVIDENCE_SLICE_STORE_FULL,
        "The packet-capture store was full at {0}; captures were no longer kept.",
        "Le stockage des captures de paquets était plein à {0} ; les captures n’étaient plus"
            + " conservées.");
    say(
        NoticeType.EVIDENCE_SLICE_FAILED,
        "A packet capture could not be written at {0}.",
        "Une capture de paquets n’a pas pu être écrite à {0}.");
    say(
        NoticeType.EVIDENCE_CHAIN_BROKEN,
        "The evidence chain did not verify at {0}.",
        "La chaîne de preuves ne se vérifiait pas à {0}.");
    say(
        NoticeType.EVIDENCE_WRITE_FAILED,
        "Evidence records could not be written at {0}.",
        "Des enregistrements de preuve n’ont pas pu être écrits à {0}.");
    say(
        NoticeType.BRUTE_FORCE,
        "Repeated failed logins from one source at {0}.",
        "Échecs de connexion répétés depuis une même source à {0}.");
    say(
        NoticeType.REQUEST_FLOOD,
        "Many refused requests from one source at {0}.",
        "Nombreuses requêtes refusées depuis une même source à {0}.");
    say(
        NoticeType.JOURNAL_TAMPERED,
        "A step of the window journal was refused at start-up (not in the evidence chain, or"
            + " against the quorum), seen at {0}.",
        "Une étape du journal des fenêtres a été refusée au démarrage (absente de la chaîne de"
            + " preuves, ou contraire au quorum), constaté à {0}.");
    say(
        NoticeType.HUB_WINDOWS_STALE,
        "The hub’s windows could no longer be confirmed (no heartbeat within the grace), so the"
            + " sensor closed them at {0}.",
        "Les fenêtres du hub n’ont plus pu être confirmées (aucun signal dans le délai de grâce) :"
            + " le capteur les a fermées à {0}.");
    say(
        NoticeType.BASELINE_NOT_ACCEPTED,
        "A camera baseline file lacked its two acceptances, seen at {0}.",
        "Un fichier de référence des caméras n’avait pas ses deux acceptations, constaté à {0}.");
    say(
        NoticeType.EVIDENCE_TRUNCATED,
        "The evidence chain was shorter than the last checkpoint it had anchored, seen at {0}.",
        "La chaîne de preuves était plus courte que le dernier point de contrôle ancré, constaté"
            + " à {0}.");
    say(
        NoticeType.KNOWN_VULNERABILITY,
        "A published security advisory applies to the model and firmware of {4}, seen at {0}.",
        "Un avis de sécurité publié concerne le modèle et le micrologiciel de {4}, constaté à"
            + " {0}.");
    say(
        NoticeType.FACE_LIBRARY_PRESENT,
        "{4} holds a face library (a database of faces to recognise), seen at {0}.",
        "{4} contient une bibliothèque de visages (une base de visages à reconnaître), constaté à"
            + " {0}.");
    say(
        NoticeType.ACCOUNT_ADDED,
        "A user account appeared on {4}, seen at {0}.",
        "Un compte utilisateur est apparu sur {4}, constaté à {0}.");
    say(
        NoticeType.REMOTE_SERVICE_ENABLED,
        "A remote access or cloud service was switched on on {4}, seen at {0}.",
        "Un service d’accès à distance ou de cloud a été activé sur {4}, constaté à {0}.");
    say(
        NoticeType.PLATFORM_REGISTRATION_CHANGED,
        "The remote platforms {4} registers to changed, seen at {0}.",
        "Les plateformes distantes auxquelles {4} s’enregistre ont changé, constaté à {0}.");
  }

  /**
   * The template of {@code type} in {@code lang} ("fr" or "en"); a type added to the catalogue
   * without its sentence falls back to its one-line meaning (and the test fails).
   */
  public static String template(NoticeType type, String lang) {
    String s = ("fr".equals(lang) ? FR : EN).get(type);
    return s != null ? s : type.meaning().replace("'", "’") + " ({0})";
  }

  /** Whether {@code type} has its sentence in {@code lang}. */
  public static boolean has(NoticeType type, String lang) {
    return ("fr".equals(lang) ? FR : EN).containsKey(type);
  }
}
