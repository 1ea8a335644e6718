// Help-desk chat: a canned conversation; ending it fires `chat_closed` with the agent, which shows the post-chat survey.
(function () {
  var log = document.getElementById('chat-log');
  var form = document.getElementById('chat-form');
  var input = document.getElementById('chat-input');
  var end = document.getElementById('end-chat');
  var status = document.getElementById('chat-status');
  var agent = (document.getElementById('agent-name') || {}).textContent || 'Sanna';
  if (!log || !form || !input || !end || !status) return;
  var replies = [
    'Thanks! Let me look that up for you.',
    'Your parcel left our warehouse this morning and should reach the locker tomorrow.',
    'Anything else I can help with?',
  ];
  var turn = 0;
  function say(text, cls) {
    var li = document.createElement('li');
    li.className = cls;
    li.textContent = text;
    log.append(li);
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (!input.value.trim()) return;
    say(input.value, 'from-me');
    input.value = '';
    var reply = replies[Math.min(turn++, replies.length - 1)];
    setTimeout(function () {
      say(reply, 'from-agent');
    }, 400);
  });
  end.addEventListener('click', function () {
    form.hidden = true;
    end.hidden = true;
    status.hidden = false;
    window.tellus('track', 'chat_closed', { agent: agent });
  });
})();
