// duesflow's page in Cockpit for what Cockpit's free edition does not show: instances that have ended (a run
// sent, rejected or expired), each with the steps it went through, who did them, and the incidents it had.
// Plain DOM and the engine's own REST API, called with the session Cockpit already has.

const LIMIT = 50;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  children.forEach(child => node.append(child instanceof Node ? child : document.createTextNode(child ?? '')));
  return node;
}

function when(timestamp) {
  if (!timestamp) {
    return '';
  }
  const date = new Date(timestamp);
  return date.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
}

function table(headings, rows) {
  return element('table', {class: 'cam-table duesflow-table'},
    element('thead', {}, element('tr', {}, ...headings.map(heading => element('th', {}, heading)))),
    element('tbody', {}, ...rows));
}

async function read(api, path, query) {
  const response = await fetch(api.engineApi + path, query ? {
    method: 'POST',
    credentials: 'same-origin',
    headers: {'Accept': 'application/json', 'Content-Type': 'application/json', 'X-XSRF-TOKEN': api.CSRFToken},
    body: JSON.stringify(query)
  } : {
    credentials: 'same-origin',
    headers: {'Accept': 'application/json', 'X-XSRF-TOKEN': api.CSRFToken}
  });
  if (!response.ok) {
    throw new Error(path + ' answered ' + response.status);
  }
  return response.json();
}

function outcome(instance, steps) {
  if (instance.state === 'EXTERNALLY_TERMINATED' || instance.state === 'INTERNALLY_TERMINATED') {
    return 'Cancelled' + (instance.deleteReason ? ': ' + instance.deleteReason : '');
  }
  const end = steps.filter(step => step.activityType.endsWith('EndEvent') && step.endTime).pop();
  return end && end.activityName ? end.activityName : instance.state;
}

async function history(api, instance) {
  const [steps, incidents] = await Promise.all([
    // Steps of one job start within the same millisecond: the engine's own sequence puts them in order.
    read(api, '/history/activity-instance', {processInstanceId: instance.id,
      sorting: [{sortBy: 'startTime', sortOrder: 'asc'}, {sortBy: 'occurrence', sortOrder: 'asc'}]}),
    read(api, '/history/incident?processInstanceId=' + instance.id)
  ]);
  const named = steps.filter(step => step.activityName && step.activityType !== 'multiInstanceBody');
  const rows = named.map(step => element('tr', {},
    element('td', {}, step.activityName),
    element('td', {}, when(step.startTime)),
    element('td', {}, when(step.endTime)),
    element('td', {}, step.assignee ?? ''),
    element('td', {}, step.canceled ? 'left by a timer or a decision' : '')));
  const parts = [table(['Step', 'Started', 'Ended', 'Done by', ''], rows)];
  if (incidents.length) {
    parts.push(element('h4', {}, 'Incidents'));
    parts.push(table(['Where', 'Message', 'Raised', 'Resolved'], incidents.map(incident => element('tr', {},
      element('td', {}, named.find(step => step.activityId === incident.activityId)?.activityName ?? incident.activityId),
      element('td', {}, incident.incidentMessage ?? ''),
      element('td', {}, when(incident.createTime)),
      element('td', {}, incident.resolved ? when(incident.endTime) : (incident.deleted ? 'deleted' : 'open'))))));
  }
  return {steps, parts};
}

async function show(node, api, processDefinitionId) {
  const definition = await read(api, '/process-definition/' + processDefinitionId);
  const finished = await read(api, '/history/process-instance?processDefinitionKey=' + encodeURIComponent(definition.key)
    + '&finished=true&sortBy=endTime&sortOrder=desc&maxResults=' + LIMIT);
  node.replaceChildren();
  if (!finished.length) {
    node.append(element('p', {}, 'No instance of ' + (definition.name || definition.key) + ' has ended yet.'));
    return;
  }
  node.append(element('p', {}, 'The last ' + finished.length + ' instances that ended, newest first, all versions. '
    + 'Click one to see its steps.'));
  const rows = [];
  for (const instance of finished) {
    const summary = element('tr', {class: 'duesflow-finished', 'data-business-key': instance.businessKey ?? ''},
      element('td', {}, element('a', {href: '#', role: 'button'}, instance.businessKey || instance.id)),
      element('td', {}, when(instance.startTime)),
      element('td', {}, when(instance.endTime)),
      element('td', {class: 'duesflow-outcome'}, ''),
      element('td', {}, instance.startUserId
        ?? (instance.superProcessInstanceId ? 'the process that called it' : 'duesflow (a timer or a start-up step)')));
    const details = element('tr', {class: 'duesflow-steps', hidden: ''}, element('td', {colspan: '5'}));
    summary.querySelector('a').addEventListener('click', async event => {
      event.preventDefault();
      if (!details.hasAttribute('hidden')) {
        details.setAttribute('hidden', '');
        return;
      }
      details.removeAttribute('hidden');
      details.firstChild.replaceChildren('Loading…');
      try {
        details.firstChild.replaceChildren(...(await history(api, instance)).parts);
      } catch (e) {
        details.firstChild.replaceChildren('Could not read the history: ' + e.message);
      }
    });
    rows.push(summary, details);
    history(api, instance).then(({steps}) => {
      summary.querySelector('.duesflow-outcome').textContent = outcome(instance, steps);
    }).catch(() => {
      summary.querySelector('.duesflow-outcome').textContent = instance.state;
    });
  }
  node.append(table(['Business key', 'Started', 'Ended', 'Ended with', 'Started by'], rows));
}

export default [{
  id: 'duesflow.finishedInstances',
  pluginPoint: 'cockpit.processDefinition.runtime.tab',
  priority: 5,
  properties: {label: 'Finished instances'},
  render: (node, {api, processDefinitionId}) => {
    node.replaceChildren(element('p', {}, 'Loading…'));
    show(node, api, processDefinitionId).catch(e => {
      node.replaceChildren(element('p', {}, 'Could not read the finished instances: ' + e.message));
    });
  }
}, {
  id: 'duesflow.instanceHistory',
  pluginPoint: 'cockpit.processInstance.runtime.tab',
  priority: 5,
  properties: {label: 'Steps so far'},
  render: (node, {api, processInstanceId}) => {
    node.replaceChildren(element('p', {}, 'Loading…'));
    history(api, {id: processInstanceId}).then(({parts}) => node.replaceChildren(...parts)).catch(e => {
      node.replaceChildren(element('p', {}, 'Could not read the steps: ' + e.message));
    });
  }
}];
