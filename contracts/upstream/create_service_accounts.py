"""Adds service accounts with chosen client_ids to a running upstream Admin Module's database.

Run by start-real-services with the venv's python, from the admin-module folder and with the
admin's DB_* environment. The admin's API always generates a client_id
(sa_<env>_<name>_<random>), so the rows are made here with the admin's own model and its own
bcrypt hashing (ServiceAccountService.hash_secret), the way app/db/init_db.py makes the initial
service account. An existing account with the same client_id or name is replaced.

Usage: python create_service_accounts.py CLIENT_ID SECRET ROLE RATE_LIMIT [CLIENT_ID SECRET ROLE RATE_LIMIT ...]
"""
import asyncio
import sys

from sqlalchemy import delete, or_

from app.core.database import AsyncSessionLocal, engine
from app.models.service_account import ServiceAccount, ServiceAccountRole, ServiceAccountStatus
from app.services.service_account_service import ServiceAccountService


async def main(args):
    if not args or len(args) % 4:
        sys.exit(__doc__)
    specs = [args[i:i + 4] for i in range(0, len(args), 4)]
    async with AsyncSessionLocal() as db:
        for client_id, secret, role, rate_limit in specs:
            await db.execute(delete(ServiceAccount).where(
                or_(ServiceAccount.client_id == client_id, ServiceAccount.name == client_id)))
            db.add(ServiceAccount(
                name=client_id,
                description="contract verification account (contracts/upstream/start-real-services)",
                client_id=client_id,
                client_secret_hash=ServiceAccountService.hash_secret(secret),
                secret_history=[],
                role=ServiceAccountRole[role.upper()],
                status=ServiceAccountStatus.ACTIVE,
                is_system=False,
                rate_limit=int(rate_limit),
                secret_expires_at=ServiceAccount.calculate_secret_expiry(days=365),
            ))
            print(f"service account {client_id} ({role.upper()}, rate_limit {rate_limit}/min)")
        await db.commit()
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
