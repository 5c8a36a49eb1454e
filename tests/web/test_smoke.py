def test_login_and_health(client, make_user, login_as, make_concern):
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/concerns").status_code == 302
    user = make_user(roles=("committee",))
    assert "committee" in user.roles
    login_as(user)
    assert client.get("/concerns").status_code == 200
    c = make_concern(state="in_review")
    assert c.status == "in_review" and c.signature_count == 1
