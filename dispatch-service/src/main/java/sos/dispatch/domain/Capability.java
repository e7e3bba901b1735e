package sos.dispatch.domain;

/** What a unit is equipped and trained for. Travel speed in city traffic depends on it. */
public enum Capability {
    /** A police mobile (Madadgar 15 / station patrol car), 3-4 officers. */
    PATROL_CAR,
    /** A police motorcycle pair (Eagle / Shaheen squad); fastest through traffic. */
    MOTORCYCLE,
    /** A police quick response force team (SSU / RRF), armed for an attack on premises. */
    QUICK_RESPONSE_FORCE,
    /** A police bomb disposal squad: a specialist, held back for the alert types that need it. */
    BOMB_DISPOSAL,
    /** A Sindh Rangers quick reaction force. */
    RANGERS_QRF,
    /** A Sindh Rangers mobile patrol. */
    RANGERS_PATROL
}
