"""Raw AES blocks (no padding) through the OpenSSL that the interpreter's hashlib has already loaded.

A server that decrypts a ras/v2 password or an iSolarCloud body would otherwise import cryptography for
it, about 8 MB of RSS it keeps for good. This calls the same library's EVP interface, which cryptography
calls too; where the symbols cannot be found (a Python built against a static OpenSSL) it falls back to
cryptography. The padding is the caller's (crypto.py)."""

from __future__ import annotations

import ctypes
from functools import cache
from typing import Any, Literal

Mode = Literal["cbc", "ecb"]
BLOCK = 16


class Evp:
    """The few EVP functions used, typed for ctypes."""

    def __init__(self, library: Any) -> None:
        pointer, number = ctypes.c_void_p, ctypes.c_int
        self.library = library
        self.new = self.typed("EVP_CIPHER_CTX_new", pointer, [])
        self.free = self.typed("EVP_CIPHER_CTX_free", None, [pointer])
        self.init = self.typed(
            "EVP_CipherInit_ex", number, [pointer, pointer, pointer, ctypes.c_char_p, ctypes.c_char_p, number]
        )
        self.padding = self.typed("EVP_CIPHER_CTX_set_padding", number, [pointer, number])
        size = ctypes.POINTER(number)
        self.update = self.typed("EVP_CipherUpdate", number, [pointer, pointer, size, ctypes.c_char_p, number])
        self.final = self.typed("EVP_CipherFinal_ex", number, [pointer, pointer, size])
        self.ciphers: dict[tuple[int, Mode], int] = {}

    def typed(self, name: str, result: Any, arguments: list[Any]) -> Any:
        function = getattr(self.library, name)
        function.restype, function.argtypes = result, arguments
        return function

    def cipher(self, bits: int, mode: Mode) -> int:
        if (bits, mode) not in self.ciphers:
            self.ciphers[bits, mode] = self.typed(f"EVP_aes_{bits}_{mode}", ctypes.c_void_p, [])()
        return self.ciphers[bits, mode]

    def run(self, mode: Mode, key: bytes, iv: bytes | None, data: bytes, encrypt: bool) -> bytes:
        context = self.new()
        if not context:
            raise MemoryError("EVP_CIPHER_CTX_new failed")
        try:
            out = ctypes.create_string_buffer(len(data) + BLOCK)
            written, last = ctypes.c_int(0), ctypes.c_int(0)
            done = (
                self.init(context, self.cipher(len(key) * 8, mode), None, key, iv, int(encrypt))
                and self.padding(context, 0)
                and self.update(context, ctypes.addressof(out), ctypes.byref(written), data, len(data))
                and self.final(context, ctypes.addressof(out) + written.value, ctypes.byref(last))
            )
            if not done:
                raise ValueError("OpenSSL refused the AES operation")
            return out.raw[: written.value + last.value]
        finally:
            self.free(context)


@cache
def evp() -> Evp | None:
    """The EVP functions of the libcrypto hashlib links, or None where they cannot be found."""
    try:
        import _hashlib

        return Evp(ctypes.CDLL(_hashlib.__file__))
    except (ImportError, OSError, AttributeError):
        return None


def aes(mode: Mode, key: bytes, iv: bytes | None, data: bytes, *, encrypt: bool) -> bytes:
    """AES-128/192/256 (by the key's length) in ``mode`` over whole blocks of ``data``, unpadded."""
    if len(key) not in (16, 24, 32) or len(data) % BLOCK or (mode == "cbc") != (iv is not None and len(iv) == BLOCK):
        raise ValueError(f"AES-{mode} needs a 16, 24 or 32-byte key, whole blocks and a 16-byte IV for CBC only")
    found = evp()
    if found is not None:
        return found.run(mode, key, iv, data, encrypt)
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    chosen = modes.CBC(iv) if iv is not None else modes.ECB()
    cipher = Cipher(algorithms.AES(key), chosen)
    worker = cipher.encryptor() if encrypt else cipher.decryptor()
    return worker.update(data) + worker.finalize()
