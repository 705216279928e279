"""What a test or a user needs to call iSolarCloud as one account: both apps, the user, the server's
RSA public key, plant ids and a ready OAuth2 authorization code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.codecs.rsa_aes import RsaAesCodec
from solarfakes.simulators.vendors.isolarcloud.backend import IsoDevice, isolar
from solarfakes.simulators.vendors.isolarcloud.consent import AUTHORIZE_PATH
from solarfakes.simulators.vendors.isolarcloud.oauth import standing_code
from solarfakes.simulators.world import Account

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def credentials(sim: Simulator, account: Account) -> dict[str, Any]:
    backend = isolar(sim)
    c = account.credentials
    codec = sim.codec
    assert isinstance(codec, RsaAesCodec), "the spec serves iSolarCloud with the rsa_aes codec"
    plants = [p for p in backend.fleet.values() if p.account == account.name]
    # devices by plant, grouped in one pass (a fleet may have 10,000 plants)
    devices: dict[int, list[IsoDevice]] = {}
    for device in backend.devices.values():
        devices.setdefault(device.plant.plant_id, []).append(device)
    own = [d for p in plants for d in devices.get(p.plant_id, [])]
    locked = next(u for u in backend.users.values() if u.admin_locked)
    return {
        "appkey": c["appkey"],
        "access_key": c["access_key"],
        "user_account": c["user_account"],
        "user_password": c["user_password"],
        "rsa_public_key": codec.public_key_pem,
        "plant_ids": [p.plant_id for p in plants],
        "ps_keys": [d.ps_key for d in own],
        # what platform_paramSetting* take (uuid, as a string) and getCommunicationDevInfoByDevSn (dev_sn)
        "device_uuids": [str(d.uuid) for d in own if d.device is not None],
        "device_sns": [d.sn for d in own if d.sn is not None],
        "auth_code": standing_code(backend, account.name, sim.cloud.clock.timestamp()),
        # The consent page; append the redirect URL the code should be bound to (consent.py).
        "authorize_url": f"{sim.cloud.base_url}{AUTHORIZE_PATH}?cloudId=1&applicationId={c['appkey']}&redirectUrl=",
        "encrypted_app": {"appkey": c["encrypted_appkey"], "access_key": c["encrypted_access_key"]},
        "offline_plant_ids": [p.plant_id for p in plants if not p.online],
        "other_account_plant_ids": [p.plant_id for p in backend.fleet.values() if p.account not in ("", account.name)],
        "admin_locked_user": {"user_account": locked.user_account, "user_password": locked.password},
    }
